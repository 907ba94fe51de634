import { canonicalJson } from '../core/canonical.ts';
import { forEachScalar, mapScalars, pathText, type Scalar } from '../core/json-walk.ts';
import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { executeGold, initialStateFor, type GoldRun } from '../world/execute.ts';
import { isRef } from '../world/refs.ts';
import { ancestors, callEdges } from '../gold/edges.ts';
import { SimulatorCrash } from '../world/simulator.ts';

/**
 * What an order of a task's calls decides, as far as a correct agent can tell: which calls succeed,
 * the values later calls and the answer read, the answer, and the final state. Values a write
 * produced fresh (a new message id, a counter) are named by the call that produced them, so two
 * sends that merely swap their ids decide the same thing.
 */
function outcome(task: Task, run: GoldRun, start: unknown): string {
  const fresh = freshValues(task, run, start);
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
    state: mapScalars(run.finalState, name, nameKey),
  });
}

/** Scalars the task's writes returned that neither the start state nor any argument held, by the call and path that produced them. */
function freshValues(task: Task, run: GoldRun, start: unknown): Map<string, string> {
  const known = new Set<string>();
  const note = (v: Scalar) => known.add(`${typeof v}:${v}`);
  forEachScalar(start, note);
  forEachScalar(start, () => {}, (c) => {
    if (!Array.isArray(c)) for (const k of Object.keys(c)) known.add(`string:${k}`);
    return true;
  });
  for (const c of task.calls) forEachScalar(c.args, note, (x) => !isRef(x));
  const fresh = new Map<string, string>();
  for (const c of task.calls) {
    const rec = run.calls[c.id];
    if (!rec?.ok) continue;
    forEachScalar(rec.result, (v, path) => {
      const key = `${typeof v}:${v}`;
      if (typeof v !== 'boolean' && !known.has(key) && !fresh.has(key)) fresh.set(key, `$fresh:${c.id}${pathText(path)}`);
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
  const start = initialStateFor(registry, task.toolkit, task.initialState);
  const baseline = outcome(task, base, start);
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
        if (run && run.problems.length === 0 && outcome(swapped, run, start) === baseline) continue;
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
