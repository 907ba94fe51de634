import type { Ref, Task } from '../schema/task.ts';
import { collectRefs, parseRef, type PathPart } from '../world/refs.ts';

/** One reference inside a call's arguments, read once: where it is and what it points to. */
export interface RefEdge {
  ref: Ref;
  /** JSON path of the reference inside the arguments (`.folder`, `.items[0]`). */
  at: string;
  /** The task it points into: the call's own task unless the reference names another. */
  task: string;
  /** The call it reads; null when the reference is malformed. */
  call: string | null;
  path: PathPart[];
}

/** What one gold call waits for. */
export interface CallEdges {
  id: string;
  index: number;
  refs: RefEdge[];
  /** Calls of the same task whose results the arguments read (deduplicated, in reference order). */
  refPreds: string[];
  /** `after`: calls of the same task that must be done first although no value flows. */
  after: string[];
}

/**
 * The dependency edges of every call of a task: the one place references and `after` lists are
 * read. Everything that needs a task's or a sample's graph (the gold model, validation, stats,
 * ordering, dedup, import) builds on it.
 */
export function callEdges(task: Pick<Task, 'id' | 'calls'>): CallEdges[] {
  return task.calls.map((call, index) => {
    const refs = collectRefs(call.args).map(({ ref, at }) => refEdge(ref, at, task.id));
    const refPreds: string[] = [];
    for (const r of refs) if (r.task === task.id && r.call !== null && !refPreds.includes(r.call)) refPreds.push(r.call);
    return { id: call.id, index, refs, refPreds, after: [...(call.after ?? [])] };
  });
}

export function refEdge(ref: Ref, at: string, ownTask: string): RefEdge {
  try {
    const { call, path } = parseRef(ref.$ref);
    return { ref, at, task: ref.task ?? ownTask, call, path };
  } catch {
    return { ref, at, task: ref.task ?? ownTask, call: null, path: [] };
  }
}

/** Within-task predecessors of each call (references and `after`), by call id. */
export function predecessors(task: Pick<Task, 'id' | 'calls'>): Map<string, string[]> {
  return new Map(callEdges(task).map((e) => [e.id, [...new Set([...e.refPreds, ...e.after])]]));
}

/** Every call each call waits for, directly or through others, by id (calls listed in dependency order). */
export function ancestors(task: Pick<Task, 'id' | 'calls'>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [id, preds] of predecessors(task)) {
    const all = new Set<string>();
    for (const p of preds) {
      all.add(p);
      for (const a of out.get(p) ?? []) all.add(a);
    }
    out.set(id, all);
  }
  return out;
}

/** Longest chain of dependent calls in a task (1 for independent calls); cycles count once. */
export function dependencyDepth(task: Pick<Task, 'id' | 'calls'>): number {
  const preds = predecessors(task);
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

/** A cycle in a graph given as node -> successors-it-waits-for, as the list of nodes around it; undefined when acyclic. */
export function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, number>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    state.set(n, 1);
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 1) return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    stack.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of edges.keys()) {
    if (!state.has(n)) {
      const c = visit(n);
      if (c) return c;
    }
  }
  return undefined;
}

/** Tasks ordered so that each comes after every task it references; undefined when they form a cycle. */
export function taskOrder(tasks: readonly Pick<Task, 'id' | 'calls'>[]): string[] | undefined {
  const deps = new Map(
    tasks.map((t) => [
      t.id,
      [
        ...new Set(
          callEdges(t)
            .flatMap((e) => e.refs.map((r) => r.task))
            .filter((id) => id !== t.id),
        ),
      ],
    ]),
  );
  if (findCycle(deps)) return undefined;
  const order: string[] = [];
  const visit = (id: string): void => {
    if (order.includes(id)) return;
    for (const d of deps.get(id) ?? []) if (deps.has(d)) visit(d);
    order.push(id);
  };
  for (const t of tasks) visit(t.id);
  return order;
}
