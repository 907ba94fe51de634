import type { Task } from '../schema/task.ts';
import type { Sample } from '../schema/sample.ts';
import type { Registry } from '../world/registry.ts';
import { typicalLatency } from '../world/latency.ts';
import { dependencyDepth } from '../gold/edges.ts';

export interface Distribution {
  count: number;
  min: number;
  p50: number;
  p90: number;
  max: number;
  mean: number;
}

export interface CorpusStats {
  records: number;
  samples: number;
  tasks: number;
  calls: number;
  tasksByToolkit: Record<string, number>;
  stepsPerTask: Record<string, number>;
  dependencyDepth: Record<string, number>;
  tasksPerSample: Record<string, number>;
  patterns: Record<string, number>;
  /** Gold call latencies in virtual seconds: the sample's own, or the profile median for seed tasks. */
  latency: Distribution;
}

/** Accumulates statistics one record at a time, so any corpus size streams through in flat memory. */
export class StatsAccumulator {
  private readonly s: Omit<CorpusStats, 'latency'> = { records: 0, samples: 0, tasks: 0, calls: 0, tasksByToolkit: {}, stepsPerTask: {}, dependencyDepth: {}, tasksPerSample: {}, patterns: {} };
  private readonly latencies: number[] = [];

  constructor(private readonly registry: Registry) {}

  add(record: Task | Sample): void {
    this.s.records++;
    if ('tasks' in record) {
      this.s.samples++;
      bump(this.s.tasksPerSample, String(record.tasks.length));
      bump(this.s.patterns, record.meta.pattern);
      for (const t of record.tasks) this.addTask(t, (callId) => record.latencies[`${t.id}.${callId}`]);
    } else {
      this.addTask(record, () => undefined);
    }
  }

  private addTask(task: Task, latencyOf: (callId: string) => number | undefined): void {
    this.s.tasks++;
    this.s.calls += task.calls.length;
    bump(this.s.tasksByToolkit, task.toolkit);
    bump(this.s.stepsPerTask, String(task.calls.length));
    bump(this.s.dependencyDepth, String(dependencyDepth(task)));
    for (const call of task.calls) {
      const fn = this.registry.fn(call.tool);
      const seconds = latencyOf(call.id) ?? (fn ? typicalLatency(fn.def.latency) : undefined);
      if (seconds !== undefined) this.latencies.push(seconds);
    }
  }

  result(): CorpusStats {
    return { ...this.s, latency: distribution(this.latencies) };
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function distribution(values: number[]): Distribution {
  if (values.length === 0) return { count: 0, min: 0, p50: 0, p90: 0, max: 0, mean: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { count: sorted.length, min: sorted[0]!, p50: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1]!, mean: Math.round(mean * 100) / 100 };
}

export function formatStats(stats: CorpusStats): string {
  const table = (title: string, counts: Record<string, number>) => {
    const keys = Object.keys(counts).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
    const width = Math.max(8, ...keys.map((k) => k.length));
    return [title, ...keys.map((k) => `  ${k.padEnd(width)}  ${String(counts[k]).padStart(6)}`)].join('\n');
  };
  const l = stats.latency;
  const parts = [
    `${stats.records} record(s): ${stats.samples} sample(s), ${stats.tasks} task(s), ${stats.calls} gold call(s)`,
    table('tasks per toolkit', stats.tasksByToolkit),
    table('steps per task', stats.stepsPerTask),
    table('dependency depth', stats.dependencyDepth),
  ];
  if (stats.samples > 0) parts.push(table('tasks per sample', stats.tasksPerSample), table('composition pattern', stats.patterns));
  parts.push(`gold call latency (virtual s): min ${l.min}  p50 ${l.p50}  p90 ${l.p90}  max ${l.max}  mean ${l.mean}  (n=${l.count})`);
  return parts.join('\n\n');
}
