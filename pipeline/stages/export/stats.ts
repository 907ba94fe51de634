import type { Sample } from '../../schema/sample.ts';
import { compareIds } from '../runner.ts';
import { callEdges } from '../../gold/edges.ts';

export interface Distribution {
  count: number;
  min: number;
  median: number;
  mean: number;
  p95: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { count: 0, min: 0, median: 0, mean: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    count: sorted.length,
    min: round(sorted[0]!),
    median: round(at(0.5)),
    mean: round(sorted.reduce((s, v) => s + v, 0) / sorted.length),
    p95: round(at(0.95)),
    max: round(sorted[sorted.length - 1]!),
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string | string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const keys = key(item);
    for (const k of Array.isArray(keys) ? keys : [keys]) counts[k] = (counts[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareIds(a, b)));
}

/** The dataset's figures, shared by the manifest and the dataset card. */
export function datasetStats(samples: readonly Sample[]) {
  const tasks = samples.flatMap((s) => s.tasks);
  const crossTask = samples.filter((s) => s.tasks.some((t) => callEdges(t).some((e) => e.refs.some((r) => r.task !== t.id)))).length;
  return {
    samples: samples.length,
    tasks: tasks.length,
    calls: tasks.reduce((n, t) => n + t.calls.length, 0),
    byTasks: countBy(samples, (s) => String(s.tasks.length)),
    byPattern: countBy(samples, (s) => s.meta.pattern),
    byRegime: countBy(samples, (s) => s.meta.regime),
    samplesByToolkit: countBy(samples, (s) => [...new Set(s.tasks.map((t) => t.toolkit))]),
    tasksByToolkit: countBy(tasks, (t) => t.toolkit),
    callsByToolkit: countBy(
      tasks.flatMap((t) => t.calls.map(() => t.toolkit)),
      (t) => t,
    ),
    stepsPerTask: countBy(tasks, (t) => String(t.calls.length)),
    stepsPerSample: distribution(samples.map((s) => s.tasks.reduce((n, t) => n + t.calls.length, 0))),
    crossTaskSamples: crossTask,
    latency: distribution(samples.flatMap((s) => Object.values(s.latencies))),
    oracleMakespan: distribution(samples.map((s) => s.meta.oracleMakespan)),
    sequentialMakespan: distribution(samples.map((s) => s.meta.sequentialMakespan)),
    asyncSpeedup: distribution(samples.map((s) => (s.meta.oracleMakespan > 0 ? s.meta.sequentialMakespan / s.meta.oracleMakespan : 1))),
  };
}
export type DatasetStats = ReturnType<typeof datasetStats>;
