import { METRIC_TABLE, type MetricKey } from '../score/metric-table.ts';
import type { Interval as SummaryInterval } from '../score/interval.ts';
import type { GroupMetrics } from '../score/summary.ts';
import type { Interval, MetricDef } from './model.ts';

export interface Metric extends MetricDef {
  key: MetricKey;
}

/**
 * The leaderboard's metrics, in the metrics table's order (score/metric-table.ts). Every value is
 * read from the scorer's group summary under the same key, so the report shows nothing summary.json lacks.
 */
export const METRICS: Metric[] = METRIC_TABLE.filter((m) => m.leaderboard !== false).map((m) => ({
  key: m.key,
  label: m.doc.label,
  help: m.doc.help,
  format: m.format,
  better: m.better,
}));

/** A metric's interval as summary.json has it. */
export function pick(group: GroupMetrics, key: MetricKey): SummaryInterval {
  return group[key];
}

export function metricDefs(): MetricDef[] {
  return METRICS.map((m) => ({ ...m }));
}

export function metricIndex(key: string): number {
  const i = METRICS.findIndex((m) => m.key === key);
  if (i < 0) throw new Error(`unknown report metric ${key}`);
  return i;
}

/** The page's compact form of an interval; null for an empty group. */
export function toCell(i: SummaryInterval): Interval | null {
  return i.n === 0 ? null : [i.mean, i.low, i.high, i.n];
}
