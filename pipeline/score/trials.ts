import { meanInterval, SHARE, type Interval } from './interval.ts';

/** pass^k and pass@k for one k, each a mean over the samples that have at least k trials. */
export interface PassAtK {
  k: number;
  /** pass^k: the chance that k trials drawn from a sample's n all solve it. */
  passHat: Interval;
  /** pass@k: the chance that at least one of k trials drawn from a sample's n solves it. */
  passAt: Interval;
}

/** C(n, k) as a float; exact for the small n of trials. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * The unbiased estimators over n >= k trials per sample (as tau-bench computes pass^k, and
 * Chen et al. pass@k): pass^k = C(c, k) / C(n, k), pass@k = 1 - C(n - c, k) / C(n, k), with c the
 * solved trials; each averaged over samples with a t interval. One entry per k from 1 to the
 * largest trial count.
 */
export function passCurves(rows: readonly { sampleId: string; solved: boolean }[]): PassAtK[] {
  const bySample = new Map<string, { n: number; c: number }>();
  for (const r of rows) {
    const s = bySample.get(r.sampleId) ?? { n: 0, c: 0 };
    s.n++;
    if (r.solved) s.c++;
    bySample.set(r.sampleId, s);
  }
  const counts = [...bySample.values()];
  const maxK = Math.max(0, ...counts.map((s) => s.n));
  const out: PassAtK[] = [];
  for (let k = 1; k <= maxK; k++) {
    const eligible = counts.filter((s) => s.n >= k);
    out.push({
      k,
      passHat: meanInterval(
        eligible.map((s) => choose(s.c, k) / choose(s.n, k)),
        SHARE,
      ),
      passAt: meanInterval(
        eligible.map((s) => 1 - choose(s.n - s.c, k) / choose(s.n, k)),
        SHARE,
      ),
    });
  }
  return out;
}
