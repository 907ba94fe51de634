import { canonicalJson } from '../core/canonical.ts';
import { forEachScalar, mapScalars, pathText, type Scalar } from '../core/json-walk.ts';
import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { executeGold, type GoldRun } from '../world/execute.ts';
import { ancestors, callEdges } from '../gold/edges.ts';
import { SimulatorCrash } from '../world/simulator.ts';

/**
 * What an order of a task's calls decides, as far as a correct agent can tell: which calls succeed,
 * the values later calls read, the answer, and the final state (its lists as sets). Ids a write
 * handed out (a new message id, a ticket number) are named by the call that produced them, so two
 * sends that merely swap their ids decide the same thing.
 */
function outcome(task: Task, run: GoldRun, registry: Registry): string {
  const fresh = freshValues(task, run, registry);
  const name = (v: Scalar): Scalar => fresh.get(`${typeof v}:${v}`) ?? v;
  const nameKey = (k: string): string => fresh.get(`string:${k}`) ?? fresh.get(`number:${k}`) ?? k;
  // Keyed by call id, so an order and its swap compare call by call.
  const ok: Record<string, boolean | null> = {};
  const reads: Record<string, unknown> = {};
  for (const e of callEdges(task)) {
    ok[e.id] = run.calls[e.id]?.ok ?? null;
    if (e.refs.length > 0) reads[e.id] = run.calls[e.id]?.args ?? null;
  }
  return canonicalJson({
    ok,
    reads: mapScalars(reads, name, nameKey),
    answer: mapScalars(run.answer ?? null, name, nameKey),
    state: unordered(mapScalars(run.finalState, name, nameKey)),
  });
}

/** A state with every list sorted: the order records were stored in is not something a task asks for. */
function unordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unordered).sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unordered(v)]));
}

/** An identifier a write hands out: a field named id, ..._id, ...Id, token (or a list of them). */
const ID_FIELD = /(^|_)(id|ids|uuid|token)$|[a-z]Ids?$/;

/**
 * The identifiers the task's writes handed out (a new ticket's id, a message's new_id), named by
 * the call and path that produced them: which id a write gets depends on what ran before it, and
 * an agent reads its own ids, so only where they went matters, not their values.
 */
function freshValues(task: Task, run: GoldRun, registry: Registry): Map<string, string> {
  const fresh = new Map<string, string>();
  for (const c of task.calls) {
    const rec = run.calls[c.id];
    if (!rec?.ok || !registry.fn(c.tool)?.def.mutates) continue;
    forEachScalar(rec.result, (v, path) => {
      const field = [...path].reverse().find((p): p is string => typeof p === 'string');
      const key = `${typeof v}:${v}`;
      if (typeof v !== 'boolean' && field !== undefined && ID_FIELD.test(field) && !fresh.has(key)) fresh.set(key, `$fresh:${c.id}${pathText(path)}`);
    });
  }
  return fresh;
}

/**
 * An agent may run calls the DAG does not order in any order (the oracle runs them at once), so
 * for each pair of unordered calls of which one changes state, the later is tried before the
 * earlier one. Only when that changes what the task decides (a call's success, a value a later
 * call or the answer reads, the answer, the final state beyond fresh ids) does the later call get
 * `after: [earlier]`, making the order the author wrote a requirement (which the query must then
 * state). Pairs that commute stay free to run in parallel. Returns the task unchanged when its gold
 * path does not run (the caller rejects it). `otherTask` gives the results a cross-task reference reads.
 */
export function orderStateChanges(task: Task, registry: Registry, otherTask?: OtherTask): { task: Task; added: number } {
  const base = goldOrCrash(task, registry, otherTask);
  // A path that fails or crashes is left as it is: checkTask rejects it with the reason.
  if (!base || base.problems.length > 0) return { task, added: 0 };
  const baseline = outcome(task, base, registry);
  let calls = task.calls.map((c) => ({ ...c }));
  let added = 0;
  for (let j = 1; j < calls.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = calls[i]!;
      const b = calls[j]!;
      if (!registry.fn(a.tool)?.def.mutates && !registry.fn(b.tool)?.def.mutates) continue;
      const before = ancestors({ id: task.id, calls });
      if (before.get(b.id)!.has(a.id)) continue;
      const movable = [...before.get(b.id)!].every((id) => calls.findIndex((c) => c.id === id) < i);
      if (movable) {
        const swapped = { ...task, calls: [...calls.slice(0, i), b, ...calls.slice(i, j), ...calls.slice(j + 1)] };
        const run = goldOrCrash(swapped, registry, otherTask);
        if (run && run.problems.length === 0 && outcome(swapped, run, registry) === baseline) continue;
      }
      calls = calls.map((c) => (c.id === b.id ? { ...c, after: [...(c.after ?? []), a.id] } : c));
      added++;
    }
  }
  return { task: added > 0 ? { ...task, calls } : task, added };
}

/** Resolves a reference to another task's results (a cross-task link), as executeGold takes it. */
export type OtherTask = Parameters<typeof executeGold>[3];

/** The gold run, or undefined when the simulator crashes on this order. */
function goldOrCrash(task: Task, registry: Registry, otherTask?: OtherTask): GoldRun | undefined {
  try {
    return executeGold(task, registry, undefined, otherTask);
  } catch (err) {
    if (err instanceof SimulatorCrash) return undefined;
    throw err;
  }
}
