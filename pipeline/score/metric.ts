import type { EpisodeRecord } from '../schema/result.ts';
import { meanInterval, NON_NEGATIVE, proportionInterval, SHARE, type Interval } from './interval.ts';

/** What a metric reads of one episode: its scores and its whole trace. */
export type MetricEpisode = Pick<EpisodeRecord, 'score' | 'trace'>;

/** How the report and compare print a value. */
export type MetricFormat = 'pct' | 'ratio' | 'num' | 'sec';

/**
 * From each sample's value (the mean over its trials) to the group's interval over samples.
 * Samples whose every episode had no value (compute gave undefined) are left out.
 */
export type Aggregate = (perSample: readonly number[]) => Interval;

/** The aggregates the built-in metrics use. */
export const aggregate = {
  /** A share of samples (compute gives 0 or 1; with trials, each sample's share of trials): Wilson interval, n = samples. */
  share: (perSample) => proportionInterval(sum(perSample), perSample.length),
  /** A mean of values in [0, 1]: Student t interval cut to [0, 1]. */
  meanShare: (perSample) => meanInterval(perSample, SHARE),
  /** A mean of non-negative values: Student t interval cut at 0. */
  mean: (perSample) => meanInterval(perSample, NON_NEGATIVE),
} satisfies Record<string, Aggregate>;

/**
 * One line of the metrics table (score/metric-table.ts): summary.json computes it per group under
 * `key`, the report's leaderboard and `compare` show it, docs/summary-keys.md documents it.
 */
export interface MetricEntry<Key extends string = string> {
  /** Its key in summary.json (every group block) and in compare --json. */
  key: Key;
  /** The episode's value (a boolean counts as 0 or 1); undefined: this episode does not count. */
  compute: (episode: MetricEpisode) => number | boolean | undefined;
  aggregate: Aggregate;
  format: MetricFormat;
  better: 'higher' | 'lower' | 'none';
  doc: {
    /** Column title in the report and compare. */
    label: string;
    /** One line: the report's column tooltip. */
    help: string;
    /** The docs/summary-keys.md row; defaults to `help`. */
    meaning?: string;
  };
  /** On the report's leaderboard and in compare (default true); the step precision and recall are summary.json only. */
  leaderboard?: boolean;
}

/** Keeps the key's literal type, so GroupMetrics gains a typed field per table line. */
export function defineMetric<Key extends string>(entry: MetricEntry<Key>): MetricEntry<Key> {
  return entry;
}

/** The metric over a group: each sample's mean over its trials (episodes without a value skipped), then `aggregate` over samples. */
export function metricInterval(metric: MetricEntry, bySample: readonly (readonly MetricEpisode[])[]): Interval {
  const perSample: number[] = [];
  for (const trials of bySample) {
    const values = trials.map(metric.compute).filter((v) => v !== undefined);
    if (values.length > 0) perSample.push(sum(values.map(Number)) / values.length);
  }
  return metric.aggregate(perSample);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
