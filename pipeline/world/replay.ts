import type { Sample } from '../schema/sample.ts';
import type { Registry } from './registry.ts';
import { executeGold, initialStateFor, type GoldRun } from './execute.ts';
import type { State } from './simulator.ts';
import { taskOrder } from '../gold/edges.ts';

export interface SampleGoldRun {
  /** Gold runs per task id. */
  tasks: Record<string, GoldRun>;
  /** Final state per toolkit after every task's gold path. */
  finalStates: Record<string, State>;
  /** Task ids in the order they were replayed (cross-task references first). */
  order: string[];
  problems: { path: string; message: string }[];
}

/** The initial state of each toolkit of a sample: the tasks' initial states merged over the default. */
function sampleInitialStates(sample: Pick<Sample, 'tasks'>, registry: Registry): Record<string, State> {
  const states: Record<string, State> = {};
  for (const task of sample.tasks) {
    states[task.toolkit] = { ...(states[task.toolkit] ?? initialStateFor(registry, task.toolkit)), ...task.initialState };
  }
  return states;
}

/**
 * Replays every task's gold path on the sample's shared toolkit states, resolving cross-task
 * references against the results of the referenced task.
 */
export function replaySampleGold(sample: Pick<Sample, 'tasks'>, registry: Registry): SampleGoldRun {
  const problems: SampleGoldRun['problems'] = [];
  const states = sampleInitialStates(sample, registry);
  const order = taskOrder(sample.tasks);
  const runs: Record<string, GoldRun> = {};
  if (!order) {
    problems.push({ path: '$.tasks', message: 'cross-task references form a cycle; a task can only consume results of tasks that do not depend on it' });
    return { tasks: runs, finalStates: states, order: [], problems };
  }
  const index = new Map(sample.tasks.map((t, i) => [t.id, i]));
  for (const id of order) {
    const i = index.get(id)!;
    const task = sample.tasks[i]!;
    const run = executeGold(task, registry, states[task.toolkit], (ref) => runs[ref.task!]);
    runs[id] = run;
    states[task.toolkit] = run.finalState;
    for (const p of run.problems) problems.push({ path: p.path.replace(/^\$/, `$.tasks[${i}]`), message: p.message });
  }
  return { tasks: runs, finalStates: states, order, problems };
}
