import type { Task } from '../../schema/task.ts';
import type { Registry } from '../../world/registry.ts';
import { replaySampleGold, type SampleGoldRun } from '../../world/replay.ts';
import { collectRefs } from '../../world/refs.ts';
import { taskOrder } from '../../gold/edges.ts';
import type { PoolTask } from './pool.ts';

/**
 * The gold replay of a bundle's tasks (`tasks[i]` made from `entries[i]`). When every task has its
 * toolkit to itself, each starts from the toolkit default with its own initial state laid over it
 * (as in the pool), and it reads only runs of such tasks, its replay in the sample is the run the
 * pool or the bridge already made: the simulators are pure functions of state and arguments. Then
 * those runs are reused; otherwise (a shared toolkit, a reference to a task whose run changes) the
 * whole sample is replayed.
 */
export function replayBundle(tasks: readonly Task[], entries: readonly PoolTask[], registry: Registry): SampleGoldRun {
  const reused = reusedRuns(tasks, entries);
  if (!reused) return replaySampleGold({ tasks: [...tasks] }, registry);
  const runs: SampleGoldRun['tasks'] = {};
  const finalStates: SampleGoldRun['finalStates'] = {};
  for (const [i, task] of tasks.entries()) {
    runs[task.id] = reused[i]!;
    finalStates[task.toolkit] = reused[i]!.finalState;
  }
  return { tasks: runs, finalStates, order: taskOrder(tasks) ?? [], problems: [] };
}

function reusedRuns(tasks: readonly Task[], entries: readonly PoolTask[]): PoolTask['run'][] | undefined {
  if (new Set(tasks.map((t) => t.toolkit)).size < tasks.length) return undefined;
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  for (const [i, task] of tasks.entries()) {
    const entry = entries[i]!;
    // A task renamed in the sample (T2) and its pool original must be the same task apart from the id.
    if (entry.run.problems.length > 0 || task.calls !== entry.task.calls || task.initialState !== entry.task.initialState) return undefined;
    const targets = collectRefs([task.calls.map((c) => c.args), task.answer])
      .map(({ ref }) => ref.task)
      .filter((t): t is string => t !== undefined && t !== task.id);
    // Only a bridge's run was made against the other members' runs (its producers, earlier in the list).
    if (targets.length > 0 && !entry.root.startsWith('bridge:')) return undefined;
    if (targets.some((t) => (index.get(t) ?? Infinity) >= i)) return undefined;
  }
  return entries.map((e) => e.run);
}
