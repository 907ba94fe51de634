import type { Task } from '../schema/task.ts';
import type { Registry } from './registry.ts';
import { runTool, type State } from './simulator.ts';
import { getPath, MISSING, parseRef, resolveRefs, UnresolvedRef, isRef } from './refs.ts';

/**
 * A task's initial toolkit state: the toolkit default with the task's top-level keys laid over it.
 * States are never changed in place (runTool copies before a write), so the parts can be shared.
 */
export function initialStateFor(registry: Registry, toolkit: string, initialState?: Record<string, unknown>): State {
  const def = registry.toolkit(toolkit)?.def.defaultState ?? {};
  return { ...def, ...initialState };
}

export interface CallRecord {
  args: Record<string, unknown>;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface GoldRun {
  calls: Record<string, CallRecord>;
  finalState: State;
  /** The resolved expected answer; undefined when a problem stopped the run. */
  answer?: unknown;
  problems: { path: string; message: string }[];
}

/**
 * Runs a task's gold path in list order on one toolkit state (the way a seed is checked),
 * resolving references against earlier results.
 */
export function executeGold(
  task: Task,
  registry: Registry,
  startState?: State,
  /** Resolves a cross-task reference (`task` set) to the referenced task's gold run. */
  otherTask?: (ref: { $ref: string; task?: string }) => GoldRun | undefined,
): GoldRun {
  const problems: GoldRun['problems'] = [];
  const calls: Record<string, CallRecord> = {};
  let state = startState ?? initialStateFor(registry, task.toolkit, task.initialState);
  const tk = registry.toolkit(task.toolkit);
  if (!tk) {
    problems.push({ path: '$.toolkit', message: `unknown toolkit "${task.toolkit}"` });
    return { calls, finalState: state, problems };
  }
  const lookup = (ref: { $ref: string; task?: string }) => {
    const { call, path } = parseRef(ref.$ref);
    const source = ref.task && ref.task !== task.id ? otherTask?.(ref)?.calls : calls;
    const rec = source?.[call];
    if (!rec || !rec.ok) return MISSING;
    return getPath(rec.result, path);
  };
  for (const [i, call] of task.calls.entries()) {
    const at = `$.calls[${i}]`;
    let args: Record<string, unknown>;
    try {
      args = resolveRefs(call.args, lookup) as Record<string, unknown>;
    } catch (err) {
      if (!(err instanceof UnresolvedRef)) throw err;
      problems.push({ path: `${at}.args`, message: `${err.message}: it must name an earlier successful call and a path that exists in its result` });
      return { calls, finalState: state, problems };
    }
    const argErrors = registry.argumentErrors(call.tool, args);
    if (argErrors.length > 0) {
      problems.push({ path: `${at}.args`, message: `the arguments of ${call.id} (${call.tool}) do not fit the function's parameters: ${argErrors.join('; ')}` });
      return { calls, finalState: state, problems };
    }
    const outcome = runTool(tk.sim, state, call.tool, args, { mutates: registry.fn(call.tool)?.def.mutates });
    state = outcome.state;
    calls[call.id] = outcome.ok ? { args, ok: true, result: outcome.result } : { args, ok: false, error: outcome.error };
    if (!outcome.ok && !call.expectError) {
      problems.push({
        path: at,
        message: `gold call ${call.id} (${call.tool}) failed with the tool error "${outcome.error}"; fix its arguments or the initial state, or mark it expectError if the task recovers from it`,
      });
      return { calls, finalState: state, problems };
    }
    if (outcome.ok && call.expectError) {
      problems.push({ path: `${at}.expectError`, message: `gold call ${call.id} (${call.tool}) is marked expectError but succeeded` });
    }
  }
  let answer: unknown;
  if (isRef(task.answer)) {
    const v = lookup(task.answer);
    if (v === MISSING) problems.push({ path: '$.answer', message: `the answer reference ${task.answer.$ref} does not resolve to a value in the gold results` });
    else answer = v;
  } else {
    answer = task.answer;
  }
  return { calls, finalState: state, answer, problems };
}
