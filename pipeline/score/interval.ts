/** A mean with its 95% confidence interval over samples. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045,
  2.042,
];

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The values a metric can take: shares lie in [0, 1], counts and durations are never negative. */
export type Range = readonly [min: number, max: number];
export const SHARE: Range = [0, 1];
export const NON_NEGATIVE: Range = [0, Infinity];

/**
 * Student-t interval of a mean (a single value has an interval of width zero), cut to the range
 * the metric can take: near 0% or 100% the symmetric interval would claim impossible values.
 */
export function meanInterval(values: readonly number[], range: Range = [-Infinity, Infinity]): Interval {
  const n = values.length;
  if (n === 0) return { mean: 0, low: 0, high: 0, n: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { mean: round(mean), low: round(mean), high: round(mean), n };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = (T975[n - 2] ?? 1.96) * Math.sqrt(variance / n);
  return { mean: round(mean), low: round(Math.max(range[0], mean - half)), high: round(Math.min(range[1], mean + half)), n };
}

/** Wilson score interval of a proportion: stays inside [0, 1] and behaves at 0% and 100%. */
export function proportionInterval(successes: number, n: number): Interval {
  if (n === 0) return { mean: 0, low: 0, high: 0, n: 0 };
  const z = 1.959964;
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { mean: round(p), low: round(Math.max(0, centre - half)), high: round(Math.min(1, centre + half)), n };
}
