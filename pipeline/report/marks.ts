import type { Sample } from '../schema/sample.ts';
import type { Trace } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import { goldDag } from '../gold/graph.ts';
import { align } from '../score/align.ts';
import { idleWindows, makespanOf } from '../score/efficiency.ts';
import type { EpisodeMarks } from './pack.ts';

/** The scorer's own view of each call (task, violation, duplicate) and of idle time, for drawing. */
export function episodeMarks(sample: Sample, trace: Trace, registry: Registry): EpisodeMarks {
  const dag = goldDag(sample, registry);
  const a = align(trace, dag, registry);
  const violating = new Set(dag.nodes.filter((n) => a.violations[n.idx]! > 0).map((n) => a.matchedBy[n.idx]));
  return {
    taskOf: a.taskOfCall.map((id) => (id === null ? -1 : (dag.taskById.get(id)?.index ?? -1))),
    violation: trace.calls.map((c) => violating.has(c)),
    wasted: a.duplicate,
    idle: idleWindows(trace, dag, a.matchedBy, makespanOf(trace, dag, a.matchedBy)),
  };
}

/** Marks from the trace alone, for runs whose dataset is not at hand: the engine's issue-time matches, no idle windows. */
export function traceOnlyMarks(trace: Trace, taskIds: readonly string[]): EpisodeMarks {
  return {
    taskOf: trace.calls.map((c) => (c.gold ? taskIds.indexOf(c.gold.split('.')[0]!) : -1)),
    violation: trace.calls.map(() => false),
    wasted: trace.calls.map(() => false),
    idle: [],
  };
}
