import type { Observation } from './agent.ts';
import type { Delivery, TraceCall } from '../schema/trace.ts';
import { renderPrompt, type Prompt } from '../llm/prompts.ts';
import { UserInputError } from '../core/errors.ts';

/** The lifecycle events in force in an episode, as the agent is told of them. */
export interface LifecycleInForce {
  lateFailures: boolean;
  timeouts: boolean;
  /** Virtual seconds; absent: results never expire. */
  ttl?: number;
}

/**
 * The lifecycle paragraph (prompts/agent-lifecycle.md): each line is tagged with the event it
 * describes, and only the lines of the events in force are kept (cancel is always offered).
 */
export function renderLifecycle(prompt: Prompt, lifecycle: LifecycleInForce = { lateFailures: false, timeouts: false }): string {
  const on: Record<string, boolean> = { always: true, 'late-failure': lifecycle.lateFailures, timeout: lifecycle.timeouts, ttl: lifecycle.ttl !== undefined && Number.isFinite(lifecycle.ttl) };
  const lines = prompt.text
    .trim()
    .split('\n')
    .flatMap((line) => {
      const m = /^\[([a-z-]+)\] (.*)$/.exec(line);
      if (!m || !(m[1]! in on))
        throw new UserInputError(
          `prompt ${prompt.id}: every line must start with a tag, one of ${Object.keys(on)
            .map((t) => `[${t}]`)
            .join(', ')}; got ${JSON.stringify(line.slice(0, 40))}`,
          { file: prompt.file },
        );
      return on[m[1]!] ? [m[2]!] : [];
    });
  const text = lines.join('\n');
  return renderPrompt({ ...prompt, text }, on.ttl ? { ttl: String(lifecycle.ttl) } : {});
}

/** The system message: the protocol, with the delivery mode's own paragraph (prompts/agent-delivery-<mode>.md) and the lifecycle paragraph in their slots. */
export function renderSystem(system: Prompt, delivery: Prompt, turnCost: number, lifecycle = ''): string {
  return renderPrompt(system, { turn_cost: String(turnCost), delivery: delivery.text.trim(), lifecycle });
}

/** notify mode: the line that announces a finished call, without its value. */
export function renderNotice(handle: string): string {
  return `${handle} finished; call get_result(${JSON.stringify(handle)}) to read it.`;
}

/** push mode with --ttl: the line that says a result was lost before it could be delivered. */
export function renderExpired(handle: string): string {
  return `the result of ${handle} expired before it could be delivered; make the call again to get a fresh result.`;
}

/** The first user message: every task with its id. */
export function renderTasks(prompt: Prompt, tasks: readonly { id: string; query: string }[]): string {
  return renderPrompt(prompt, { count: String(tasks.length), tasks: tasks.map((t) => `[${t.id}] ${t.query}`).join('\n\n') });
}

/** One delivered result, as the model reads it: handle, tool, arguments, result or error. */
function renderDelivery(c: TraceCall): string {
  const body = c.status === 'ok' ? { handle: c.handle, tool: c.tool, arguments: c.args, result: c.result } : { handle: c.handle, tool: c.tool, arguments: c.args, error: c.error };
  return JSON.stringify(body);
}

/**
 * The environment's message before a turn (pushed results, notices and status), clearly marked
 * as coming from the environment; null when there is nothing to say. Outside push mode, results
 * reach the model only as the answers of its fetch calls, so they are not repeated here.
 */
export function renderEnvironment(obs: Observation, delivery: Delivery = 'push'): string | null {
  const pushed = delivery === 'push' ? obs.deliveries : [];
  const notices = obs.notices ?? [];
  const expired = obs.expired ?? [];
  if (pushed.length === 0 && notices.length === 0 && expired.length === 0 && !obs.status) return null;
  const lines = [`[environment] virtual time ${obs.now.toFixed(1)} s.`];
  for (const h of notices) lines.push(renderNotice(h));
  for (const h of expired) lines.push(renderExpired(h));
  if (pushed.length > 0) {
    lines.push(`${obs.deliveries.length} result(s) arrived, in completion order:`);
    for (const c of obs.deliveries) lines.push(renderDelivery(c));
  }
  if (obs.status) {
    lines.push(obs.status.note);
    lines.push(`Pending handles: ${obs.status.pending.join(', ') || 'none'}. Tasks without an answer: ${obs.status.unanswered.join(', ') || 'none'}.`);
  }
  return lines.join('\n');
}
