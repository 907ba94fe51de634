import { canonicalJson } from '../core/canonical.ts';
import type { Call, Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { executeGold, type GoldRun } from '../world/execute.ts';
import { collectRefs, parseRef } from '../world/refs.ts';
import { SimulatorCrash } from '../world/simulator.ts';

function outcome(run: GoldRun): string {
  return canonicalJson({ calls: run.calls, state: run.finalState, answer: run.answer });
}

/** Every call a call waits for (references and `after`, transitively), by id. */
function ancestors(calls: readonly Call[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of calls) {
    const direct = [...collectRefs(c.args).filter((r) => !r.ref.task).map((r) => parseRef(r.ref.$ref).call), ...(c.after ?? [])];
    const all = new Set<string>();
    for (const d of direct) {
      all.add(d);
      for (const a of out.get(d) ?? []) all.add(a);
    }
    out.set(c.id, all);
  }
  return out;
}

/**
 * An agent may run calls the DAG does not order in any order (the oracle runs them at once), so a
 * gold path whose outcome depends on the list order of two unordered calls, one of which changes
 * state, is ambiguous. For each such pair the later call is tried before the earlier one; when the
 * outcome changes, the later call gets `after: [earlier]`, making the list order the author meant
 * explicit. Pairs that commute stay free to run in parallel. Returns the task unchanged when its
 * gold path does not run (the caller rejects it).
 */
export function orderStateChanges(task: Task, registry: Registry): { task: Task; added: number } {
  const base = goldOrCrash(task, registry);
  // A path that fails or crashes is left as it is: checkTask rejects it with the reason.
  if (!base || base.problems.length > 0) return { task, added: 0 };
  const baseline = outcome(base);
  let calls = task.calls.map((c) => ({ ...c }));
  let added = 0;
  for (let j = 1; j < calls.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = calls[i]!;
      const b = calls[j]!;
      if (!registry.fn(a.tool)?.def.mutates && !registry.fn(b.tool)?.def.mutates) continue;
      const before = ancestors(calls);
      if (before.get(b.id)!.has(a.id)) continue;
      const movable = [...before.get(b.id)!].every((id) => calls.findIndex((c) => c.id === id) < i);
      if (movable) {
        const swapped = [...calls.slice(0, i), b, ...calls.slice(i, j), ...calls.slice(j + 1)];
        const run = goldOrCrash({ ...task, calls: swapped }, registry);
        if (run && run.problems.length === 0 && outcome(run) === baseline) continue;
      }
      calls = calls.map((c) => (c.id === b.id ? { ...c, after: [...(c.after ?? []), a.id] } : c));
      added++;
    }
  }
  return { task: added > 0 ? { ...task, calls } : task, added };
}

/** The gold run, or undefined when the simulator crashes on this order. */
function goldOrCrash(task: Task, registry: Registry): GoldRun | undefined {
  try {
    return executeGold(task, registry);
  } catch (err) {
    if (err instanceof SimulatorCrash) return undefined;
    throw err;
  }
}
