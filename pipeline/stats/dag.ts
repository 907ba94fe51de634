import type { Task } from '../schema/task.ts';
import { collectRefs, parseRef } from '../world/refs.ts';

/** Within-task predecessors of each call: the calls it references plus its `after` list. */
function callPredecessors(task: Task): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const call of task.calls) {
    const preds = new Set<string>(call.after ?? []);
    for (const { ref } of collectRefs(call.args)) if (!ref.task || ref.task === task.id) preds.add(parseRef(ref.$ref).call);
    out.set(call.id, [...preds]);
  }
  return out;
}

/** Longest chain of dependent calls in a task (1 for independent calls). */
export function dependencyDepth(task: Task): number {
  const preds = callPredecessors(task);
  const depth = new Map<string, number>();
  const visit = (id: string, guard: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (guard.has(id)) return 0;
    guard.add(id);
    const d = 1 + Math.max(0, ...(preds.get(id) ?? []).map((p) => visit(p, guard)));
    depth.set(id, d);
    return d;
  };
  return Math.max(...task.calls.map((c) => visit(c.id, new Set())));
}
