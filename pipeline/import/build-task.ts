import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { initialStateFor } from '../world/execute.ts';
import { runTool, SimulatorCrash, type State } from '../world/simulator.ts';
import { collectRefs, getPath, isRef, MalformedRef, MISSING, parseRef, resolveRefs, UnresolvedRef } from '../world/refs.ts';
import { queryMentions } from '../validate/literals.ts';
import { validateTask } from '../validate/record.ts';
import { clauseSentence, findField, findValue, occursIn, REF_FIELD, type EarlierResult } from './bind.ts';

/** One gold call of a foreign record, already mapped to one of our functions. */
export interface SourceCall {
  tool: string;
  /** Literals, or references `{ $ref: "c2.field" }` to earlier calls (ids c1, c2, ... in list order). */
  args: Record<string, unknown>;
}

export interface BuildRequest {
  id: string;
  toolkit: string;
  initialState?: Record<string, unknown>;
  request: string;
  calls: SourceCall[];
  source: string;
  operator: string;
  /** The source's own answer (a literal or reference); when absent, the last informative call's result. */
  answer?: unknown;
}

export interface BindStats {
  /** Arguments stated by an appended clause because the request never states them. */
  clauses: number;
  /** Literals that equal an earlier result value and became references. */
  refs: number;
  /** Literals re-bound by field name to the id our simulator produced for the same role. */
  rebound: number;
}

export type RejectReason = 'unknown-function' | 'unresolved-reference' | 'bad-arguments' | 'replay-error' | 'simulator-crash' | 'validation';

export type BuildOutcome = { ok: true; task: Task; stats: BindStats } | { ok: false; reason: RejectReason; fn?: string; detail: string };

/**
 * Replays a foreign gold path call by call in our simulator, turning each literal into something an
 * agent can know, then derives ordering constraints and the answer and validates the task like any seed.
 */
export function buildTask(req: BuildRequest, registry: Registry): BuildOutcome {
  const tk = registry.toolkit(req.toolkit);
  if (!tk) return { ok: false, reason: 'unknown-function', detail: `toolkit "${req.toolkit}" is not loaded` };
  const stats: BindStats = { clauses: 0, refs: 0, rebound: 0 };
  const clauses: { name: string; value: unknown }[] = [];
  const mentioned = (v: string | number) => queryMentions(req.request, v) || (clauses.length > 0 && queryMentions(clauseSentence(clauses), v));
  // runTool never changes the state it is given, so `initial` needs no copy.
  const initial: State = initialStateFor(registry, req.toolkit, req.initialState);
  let state = initial;
  const earlier: EarlierResult[] = [];
  const calls: Task['calls'] = [];

  for (const [i, src] of req.calls.entries()) {
    const id = `c${i + 1}`;
    const fn = registry.fn(src.tool);
    if (!fn || fn.toolkit !== req.toolkit) {
      return { ok: false, reason: 'unknown-function', fn: src.tool, detail: `${src.tool} is not a function of toolkit ${req.toolkit}` };
    }
    const args: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(src.args)) {
      let unstated = false;
      const bound = mapLiterals(value, (leaf, topLevel) => {
        if (mentioned(leaf)) return leaf;
        const byValue = findValue(leaf, earlier, topLevel ? name : undefined);
        if (byValue) {
          stats.refs++;
          return { $ref: byValue };
        }
        const byName = topLevel && !occursIn(initial, leaf) ? findField(name, leaf, earlier) : undefined;
        if (byName) {
          stats.rebound++;
          return { $ref: byName };
        }
        unstated = true;
        return leaf;
      });
      if (unstated) {
        clauses.push({ name, value: bound });
        stats.clauses++;
      }
      args[name] = bound;
    }
    let resolved: Record<string, unknown>;
    try {
      resolved = resolveRefs(args, (ref) => {
        const { call, path } = parseRef(ref.$ref);
        const rec = earlier.find((e) => e.id === call);
        return rec ? getPath(rec.result, path) : MISSING;
      }) as Record<string, unknown>;
    } catch (err) {
      if (!(err instanceof UnresolvedRef) && !(err instanceof MalformedRef)) throw err;
      return { ok: false, reason: 'unresolved-reference', fn: src.tool, detail: `${id} ${src.tool}: ${(err as Error).message}` };
    }
    const argErrors = registry.argumentErrors(src.tool, resolved);
    if (argErrors.length > 0) {
      return { ok: false, reason: 'bad-arguments', fn: src.tool, detail: `${id} ${src.tool}(${JSON.stringify(resolved)}): ${argErrors.join('; ')}` };
    }
    let outcome;
    try {
      outcome = runTool(tk.sim, state, src.tool, resolved);
    } catch (err) {
      if (!(err instanceof SimulatorCrash)) throw err;
      return { ok: false, reason: 'simulator-crash', fn: src.tool, detail: `${id} ${src.tool}(${JSON.stringify(resolved)}): ${err.message}` };
    }
    if (!outcome.ok) {
      return { ok: false, reason: 'replay-error', fn: src.tool, detail: `${id} ${src.tool}(${JSON.stringify(resolved)}) failed: ${outcome.error}` };
    }
    state = outcome.state;
    earlier.push({ id, result: outcome.result });
    // Values come from JSON files and JSON-only parsers, so they are JSON.
    calls.push({ id, tool: src.tool, args: args as Task['calls'][number]['args'] });
  }

  addOrdering(calls, registry);
  const query = clauses.length > 0 ? `${req.request} ${clauseSentence(clauses)}` : req.request;
  const task: Task = {
    id: req.id,
    toolkit: req.toolkit,
    query,
    ...(req.initialState ? { initialState: req.initialState } : {}),
    calls,
    answer: (req.answer !== undefined ? req.answer : answerRef(calls, earlier, registry)) as Task['answer'],
    provenance: { parents: [], operators: [req.operator], source: req.source },
  };
  const problems = validateTask(task, registry);
  if (problems.length > 0) {
    return {
      ok: false,
      reason: 'validation',
      detail: problems
        .slice(0, 3)
        .map((p) => `${p.path}: ${p.message}`)
        .join('; '),
    };
  }
  return { ok: true, task, stats };
}

/** Applies `fn` to every literal string and number of a value, leaving references as they are. */
function mapLiterals(value: unknown, fn: (leaf: string | number, topLevel: boolean) => unknown, depth = 0): unknown {
  if (isRef(value)) return value;
  if (typeof value === 'string') return value.trim() === '' ? value : fn(value, depth === 0);
  if (typeof value === 'number') return fn(value, depth === 0);
  if (Array.isArray(value)) return value.map((v) => mapLiterals(v, fn, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLiterals(v, fn, depth + 1)]));
  }
  return value;
}

/**
 * Stateful calls of one task run in source order: a call waits for the last state change before it,
 * and a state change also waits for the reads issued since the previous change (so a read never sees
 * a later write). Edges a reference already implies are not written twice.
 */
function addOrdering(calls: Task['calls'], registry: Registry): void {
  let lastWrite: string | undefined;
  let readsSince: string[] = [];
  for (const call of calls) {
    const mutates = registry.fn(call.tool)!.def.mutates;
    const referenced = new Set(collectRefs(call.args).map((r) => parseRef(r.ref.$ref).call));
    // The reads since the last change already wait for it, so a change waits for them instead.
    const deps = (mutates && readsSince.length > 0 ? readsSince : lastWrite ? [lastWrite] : []).filter((d) => !referenced.has(d));
    if (deps.length > 0) call.after = deps;
    if (mutates) {
      lastWrite = call.id;
      readsSince = [];
    } else {
      readsSince.push(call.id);
    }
  }
}

/** The result of the last call that returns information; its only field when it has exactly one. */
function answerRef(calls: Task['calls'], earlier: readonly EarlierResult[], registry: Registry): { $ref: string } {
  const reads = calls.filter((c) => !registry.fn(c.tool)!.def.mutates);
  const last = (reads.length > 0 ? reads : calls).at(-1)!;
  const result = earlier.find((e) => e.id === last.id)!.result;
  if (result !== null && typeof result === 'object' && !Array.isArray(result)) {
    const keys = Object.keys(result);
    if (keys.length === 1 && REF_FIELD.test(keys[0]!)) return { $ref: `${last.id}.${keys[0]}` };
  }
  return { $ref: last.id };
}
