import { rngFor } from '../core/rng.ts';
import type { Sample } from '../schema/sample.ts';
import type { Registry } from '../world/registry.ts';
import { goldDag } from '../gold/graph.ts';
import { computeMakespans } from '../gold/reference.ts';
import type { TurnCost } from './turn-cost.ts';

/** Spread of the log-normal factor each gold latency is multiplied by in trials after the first. */
export const TRIAL_SIGMA = 0.5;

const memo = new WeakMap<Sample, Map<string, Sample>>();

/**
 * The sample as trial `trial` plays it: trial 1 is the sample itself; a later trial multiplies
 * every gold latency by a log-normal factor (median 1, sigma 0.5) drawn from (seed, sample id,
 * trial, gold call), so trials separate schedule luck from skill and reruns are identical. The
 * reference makespans are recomputed on the new latencies, so efficiency stays against the
 * optimum of the draw actually played.
 */
export function trialSample(sample: Sample, registry: Registry, trial: number, seed = 0): Sample {
  if (trial <= 1) return sample;
  let bySample = memo.get(sample);
  if (!bySample) memo.set(sample, (bySample = new Map()));
  const key = `${seed}|${trial}`;
  const hit = bySample.get(key);
  if (hit) return hit;
  const latencies: Record<string, number> = {};
  for (const node of goldDag(sample, registry).nodes) {
    const rng = rngFor(seed, sample.id, 'trial', trial, node.key);
    latencies[node.key] = Math.round(node.latency * Math.exp(TRIAL_SIGMA * rng.normal()) * 1000) / 1000;
  }
  const drawn: Sample = { ...sample, latencies };
  const out: Sample = { ...drawn, meta: { ...sample.meta, ...computeMakespans(drawn, registry) } };
  bySample.set(key, out);
  return out;
}

const costMemo = new WeakMap<Sample, Map<number, Sample>>();

/**
 * The sample with another fixed (or base) turn cost and its reference makespans recomputed, so
 * that efficiency stays measured against the optimum under the cost actually charged. A turn's
 * thinking time on top of the base is the agent's own: the oracle thinks in no time.
 */
export function withTurnCost(sample: Sample, registry: Registry, cost: TurnCost | undefined): Sample {
  const seconds = cost?.kind === 'fixed' ? cost.seconds : cost?.base;
  if (seconds === undefined || seconds === sample.meta.turnCost) return sample;
  let bySample = costMemo.get(sample);
  if (!bySample) costMemo.set(sample, (bySample = new Map()));
  const hit = bySample.get(seconds);
  if (hit) return hit;
  const drawn: Sample = { ...sample, meta: { ...sample.meta, turnCost: seconds } };
  const out: Sample = { ...drawn, meta: { ...drawn.meta, ...computeMakespans(drawn, registry) } };
  bySample.set(seconds, out);
  return out;
}
