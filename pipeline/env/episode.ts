import { canonicalJson } from '../core/canonical.ts';
import { jsonTextDepth } from '../core/json-walk.ts';
import { rngFor } from '../core/rng.ts';
import type { Sample } from '../schema/sample.ts';
import { emptyMalformed, TRACE_SCHEMA_VERSION, type EndReason, type EnvStatus, type Mode, type ToolOutcome, type Trace, type TraceCall, type TraceMessage } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import { runTool, type State } from '../world/simulator.ts';
import { initialStateFor } from '../world/execute.ts';
import { sampleLatency } from '../world/latency.ts';
import type { AgentAction, Observation, ToolCallRequest } from '../agents/agent.ts';
import { goldDag, type GoldDag } from '../gold/graph.ts';
import { Matcher } from '../gold/match.ts';
import { r6 } from '../gold/plan.ts';
import { CompletionQueue } from './queue.ts';
import { diffState } from './state-diff.ts';

export interface ResolvedOptions {
  mode: Mode;
  turnCost: number;
  turnBudget: number;
  /** Infinity for no limit. */
  timeBudget: number;
  seed: number | null;
}

const CONTROL_TOOLS = new Set(['wait', 'submit_answer', 'finish']);

interface SampleSetup {
  offered: Set<string>;
  states: Map<string, State>;
  tasks: { id: string; query: string }[];
}

const setups = new WeakMap<Sample, SampleSetup>();

/**
 * Per sample, once: the offered tools and each toolkit's initial state (the task states laid
 * over the toolkit default, top-level keys, as initialStateFor does). Simulators never touch
 * their input state, so episodes share these objects without copying them.
 */
function setupFor(sample: Sample, registry: Registry): SampleSetup {
  let s = setups.get(sample);
  if (s) return s;
  const states = new Map<string, State>();
  for (const task of sample.tasks) {
    const base = states.get(task.toolkit) ?? registry.toolkit(task.toolkit)?.def.defaultState ?? {};
    states.set(task.toolkit, { ...base, ...task.initialState });
  }
  s = { offered: new Set(sample.tools), states, tasks: sample.tasks.map((t) => ({ id: t.id, query: t.query })) };
  setups.set(sample, s);
  return s;
}

/**
 * One episode as a state machine on a virtual clock: `observe()` before each turn (completes
 * and delivers results, checks budgets), `act()` with the agent's reply. The driver loop lives
 * in engine.ts; nothing here sleeps or reads a real clock.
 */
export class Episode {
  now = 0;
  turn = 0;
  done = false;
  endReason: EndReason = 'answered';
  harnessError: string | undefined;

  private readonly dag: GoldDag;
  private readonly setup: SampleSetup;
  private readonly matcher: Matcher;
  private readonly states: Map<string, State>;
  private readonly queue = new CompletionQueue<TraceCall>();
  private readonly calls: TraceCall[] = [];
  private readonly handles = new Map<string, TraceCall>();
  private readonly messages: TraceMessage[] = [];
  private readonly answers: Trace['answers'] = [];
  private readonly answered = new Set<string>();
  private readonly waits: Trace['waits'] = [];
  private readonly stateChanges: Trace['stateChanges'] = [];
  private readonly malformed = emptyMalformed();
  private undelivered: TraceCall[] = [];
  private lastResults: Observation['toolResults'] = [];
  private status: EnvStatus | undefined;
  private handleCount = 0;

  constructor(
    private readonly sample: Sample,
    private readonly registry: Registry,
    private readonly opts: ResolvedOptions,
  ) {
    this.dag = goldDag(sample, registry);
    this.setup = setupFor(sample, registry);
    this.states = new Map(this.setup.states);
    // Which gold call a call stands for decides its latency; the scorer recomputes the match from the trace.
    this.matcher = new Matcher(this.dag, 'at-issue');
    this.messages.push({ role: 'tasks', at: 0, tasks: this.setup.tasks });
  }

  /** The input of the next turn, or null when the episode is over. */
  observe(): Observation | null {
    if (this.done) return null;
    this.complete(this.now);
    if (this.turn >= this.opts.turnBudget) return this.end('turn-budget');
    if (this.now >= this.opts.timeBudget) return this.end('time-budget');
    const deliveries = this.undelivered;
    this.undelivered = [];
    this.turn++;
    for (const c of deliveries) {
      c.deliveredAt = this.now;
      c.deliveredTurn = this.turn;
    }
    if (deliveries.length > 0 || this.status) {
      const msg: TraceMessage = { role: 'environment', at: this.now, beforeTurn: this.turn, delivered: deliveries.map((c) => c.handle!) };
      if (this.status) msg.status = this.status;
      this.messages.push(msg);
    }
    const obs: Observation = { turn: this.turn, now: this.now, toolResults: this.lastResults, deliveries };
    if (this.turn === 1) obs.tasks = this.setup.tasks;
    if (this.status) obs.status = this.status;
    this.lastResults = [];
    this.status = undefined;
    return obs;
  }

  /** Applies one agent reply: the turn costs turnCost, then every call is answered in order, then `wait` and `finish`. */
  act(action: AgentAction): void {
    const turn = this.turn;
    const start = this.now;
    this.now = r6(this.now + this.opts.turnCost);
    this.complete(this.now);
    this.messages.push({
      role: 'assistant',
      turn,
      at: start,
      content: action.content ?? null,
      toolCalls: action.toolCalls.map((tc) => ({ id: tc.id, name: tc.name, arguments: tc.args ?? tc.arguments ?? null })),
      ...(action.replyIssues?.length ? { replyIssues: action.replyIssues } : {}),
    });
    if (action.replyIssues?.length) this.malformed.malformedReply = (this.malformed.malformedReply ?? 0) + 1;
    if (action.toolCalls.length === 0) {
      this.malformed.noToolCall++;
      this.status = { note: 'Your last reply made no tool call. Call tools, wait for pending results, submit answers, or finish.', pending: this.pendingHandles(), unanswered: this.unanswered() };
    }
    const results: Observation['toolResults'] = [];
    let wait: { index: number; handle?: string } | undefined;
    let finish = false;
    for (const tc of action.toolCalls) {
      const parsed = parseArguments(tc);
      let outcome: ToolOutcome;
      if ('error' in parsed) {
        this.malformed.invalidJson++;
        if (!CONTROL_TOOLS.has(tc.name)) this.reject(tc, null, turn, parsed.error);
        outcome = { status: 'rejected', error: parsed.error };
      } else if (tc.name === 'wait') {
        outcome = { status: 'rejected', error: 'only one wait per turn is honoured' };
        if (!wait) {
          const handle = parsed.args.handle;
          if (handle !== undefined && (typeof handle !== 'string' || !this.handles.has(handle))) {
            this.malformed.unknownHandle++;
            outcome = { status: 'rejected', error: `unknown handle ${JSON.stringify(handle)}; pending handles: ${this.pendingHandles().join(', ') || 'none'}` };
          } else {
            wait = { index: results.length, handle };
          }
        }
      } else if (tc.name === 'submit_answer') {
        outcome = this.submit(parsed.args, turn);
      } else if (tc.name === 'finish') {
        finish = true;
        outcome = { status: 'finished' };
      } else {
        outcome = this.domainCall(tc, parsed.args, turn);
      }
      results.push({ toolCallId: tc.id, name: tc.name, outcome });
    }
    if (wait) results[wait.index]!.outcome = this.wait(wait.handle, turn);
    // A call of no latency made in this turn has taken effect by its end.
    this.complete(this.now);
    for (const r of results) this.messages.push({ role: 'tool', turn, at: this.now, toolCallId: r.toolCallId, name: r.name, outcome: r.outcome });
    this.lastResults = results;
    if (finish) this.end('finish');
    else if (this.answered.size === this.sample.tasks.length) this.end('answered');
  }

  toTrace(agent: string, extra: Pick<Trace, 'usage' | 'agentInfo'> = {}): Trace {
    const trace: Trace = {
      schemaVersion: TRACE_SCHEMA_VERSION,
      sampleId: this.sample.id,
      agent,
      mode: this.opts.mode,
      options: {
        turnCost: this.opts.turnCost,
        turnBudget: this.opts.turnBudget,
        timeBudget: Number.isFinite(this.opts.timeBudget) ? this.opts.timeBudget : null,
        seed: this.opts.seed,
      },
      endReason: this.endReason,
      ...(this.harnessError === undefined ? {} : { harnessError: this.harnessError }),
      endTime: this.now,
      turns: this.turn,
      messages: this.messages,
      calls: this.calls,
      answers: this.answers,
      waits: this.waits,
      stateChanges: this.stateChanges,
      malformed: this.malformed,
    };
    if (extra.usage) trace.usage = extra.usage;
    if (extra.agentInfo) trace.agentInfo = extra.agentInfo;
    return trace;
  }

  /** Ends the episode where it stands because the agent or a simulator threw; it is scored like any other. */
  abort(reason: string): void {
    this.harnessError = reason;
    this.end('harness-error');
  }

  private end(reason: EndReason): null {
    this.done = true;
    this.endReason = reason;
    return null;
  }

  private domainCall(tc: ToolCallRequest, args: Record<string, unknown>, turn: number): ToolOutcome {
    const fn = this.setup.offered.has(tc.name) ? this.registry.fn(tc.name) : undefined;
    if (!fn) {
      this.malformed.unknownFunction++;
      return this.reject(tc, args, turn, `unknown function "${tc.name}": it is not one of the tools offered in this episode`);
    }
    const errors = this.registry.argumentErrors(tc.name, args);
    if (errors.length > 0) {
      this.malformed.invalidArguments++;
      return this.reject(tc, args, turn, `invalid arguments for ${tc.name}: ${errors.join('; ')}`);
    }
    const call = this.callIssuedNow(tc, args, turn, fn.toolkit, `h${++this.handleCount}`);
    const node = this.matcher.match(call);
    call.gold = node?.key ?? null;
    if (this.opts.mode !== 'instant') {
      call.latency = node ? node.latency : sampleLatency(fn.def.latency, this.rngForCall(tc.name, args));
    }
    call.completesAt = r6(this.now + call.latency);
    this.calls.push(call);
    this.handles.set(call.handle!, call);
    this.queue.push(call.completesAt, this.calls.length, call);
    if (this.opts.mode !== 'sync') return { status: 'pending', handle: call.handle! };
    // A blocking call: the clock runs to its completion and the reply carries its result.
    if (call.completesAt > this.now) this.waits.push({ turn, from: this.now, to: call.completesAt, kind: 'blocked' });
    this.now = call.completesAt;
    this.complete(this.now);
    call.deliveredAt = this.now;
    call.deliveredTurn = turn + 1;
    return call.status === 'ok' ? { status: 'ok', handle: call.handle!, result: call.result } : { status: 'error', handle: call.handle!, error: call.error! };
  }

  private rngForCall(tool: string, args: unknown) {
    const keys: (string | number)[] = [this.sample.id, tool, canonicalJson(args)];
    return this.opts.seed === null ? rngFor(...keys) : rngFor(this.opts.seed, ...keys);
  }

  private reject(tc: ToolCallRequest, args: unknown, turn: number, error: string): ToolOutcome {
    const call = this.callIssuedNow(tc, args, turn, this.registry.fn(tc.name)?.toolkit ?? null, null);
    call.error = error;
    this.calls.push(call);
    return { status: 'rejected', error };
  }

  /** A call record at issue time: accepted (with a handle, in flight) or rejected (without one). */
  private callIssuedNow(tc: ToolCallRequest, args: unknown, turn: number, toolkit: string | null, handle: string | null): TraceCall {
    return {
      handle,
      turn,
      toolCallId: tc.id,
      tool: tc.name,
      toolkit,
      args,
      status: handle === null ? 'rejected' : 'in-flight',
      issuedAt: this.now,
      latency: 0,
      completesAt: this.now,
      completedAt: null,
      deliveredAt: null,
      deliveredTurn: null,
      gold: null,
    };
  }

  private submit(args: Record<string, unknown>, turn: number): ToolOutcome {
    const taskId = args.task_id;
    if (typeof taskId !== 'string' || !this.dag.taskById.has(taskId)) {
      this.malformed.invalidArguments++;
      return { status: 'rejected', error: `submit_answer needs task_id, one of ${this.sample.tasks.map((t) => t.id).join(', ')}; got ${JSON.stringify(taskId)}` };
    }
    if (!('answer' in args)) {
      this.malformed.invalidArguments++;
      return { status: 'rejected', error: 'submit_answer needs an answer' };
    }
    this.answers.push({ taskId, answer: args.answer, at: this.now, turn });
    this.answered.add(taskId);
    return { status: 'recorded', task_id: taskId };
  }

  private wait(handle: string | undefined, turn: number): ToolOutcome {
    // A result that completed during this turn but is not delivered yet counts as pending.
    const target = handle !== undefined ? this.handles.get(handle)!.completesAt : (this.queue.peekTime() ?? (this.undelivered.length > 0 ? this.now : undefined));
    if (target === undefined) return { status: 'rejected', error: 'no call is pending, so there is nothing to wait for' };
    if (target > this.now) {
      const to = Math.min(target, this.opts.timeBudget);
      this.waits.push({ turn, from: this.now, to, kind: 'wait' });
      this.now = to;
      this.complete(this.now);
    }
    return { status: 'waited', now: this.now };
  }

  /** Every call due by `t` takes effect on its toolkit state, in completion order. */
  private complete(t: number): void {
    for (let due = this.queue.peekTime(); due !== undefined && due <= t; due = this.queue.peekTime()) {
      const call = this.queue.pop()!;
      const toolkit = call.toolkit!;
      const before = this.states.get(toolkit) ?? initialStateFor(this.registry, toolkit);
      const outcome = runTool(this.registry.toolkit(toolkit)!.sim, before, call.tool, call.args as Record<string, unknown>);
      call.completedAt = call.completesAt;
      if (outcome.ok) {
        call.status = 'ok';
        call.result = outcome.result;
        this.states.set(toolkit, outcome.state);
        if (this.registry.fn(call.tool)!.def.mutates) {
          this.stateChanges.push({ at: call.completedAt, handle: call.handle!, toolkit, tool: call.tool, changes: diffState(before, outcome.state) });
        }
      } else {
        call.status = 'error';
        call.error = outcome.error;
      }
      if (this.opts.mode !== 'sync') this.undelivered.push(call);
    }
  }

  private pendingHandles(): string[] {
    return this.calls.filter((c) => c.status === 'in-flight').map((c) => c.handle!);
  }

  private unanswered(): string[] {
    return this.sample.tasks.filter((t) => !this.answered.has(t.id)).map((t) => t.id);
  }
}

/** No tool takes arguments nested this deep; deeper ones would overflow the stack when the trace is written. */
const MAX_ARG_DEPTH = 64;

/** Built-in agents pass objects; models pass a JSON string that may be empty or broken. */
function parseArguments(tc: ToolCallRequest): { args: Record<string, unknown> } | { error: string } {
  if (tc.args) return { args: tc.args };
  const raw = tc.arguments ?? '';
  if (raw.trim() === '') return { args: {} };
  if (jsonTextDepth(raw, MAX_ARG_DEPTH) > MAX_ARG_DEPTH) return { error: `the arguments of ${tc.name} nest deeper than ${MAX_ARG_DEPTH} levels; send a flat JSON object` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { error: `the arguments of ${tc.name} are not valid JSON (${(err as Error).message}); send a JSON object` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: `the arguments of ${tc.name} must be a JSON object` };
  return { args: value as Record<string, unknown> };
}
