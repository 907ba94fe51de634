import { canonicalJson } from '../core/canonical.ts';
import { rngFor } from '../core/rng.ts';
import type { Sample } from '../schema/sample.ts';
import type { Registry } from '../world/registry.ts';
import { ATTEMPT_SUFFIX, TIMEOUT_SUFFIX } from '../gold/attempts.ts';
import { computeMakespans } from '../gold/reference.ts';
import { goldDag } from '../gold/graph.ts';

/**
 * Lifecycle events of an evaluation, drawn per sample and call from `seed`: the share of gold
 * calls that fail late, the share whose first attempt times out, and the time-to-live of an
 * unfetched result (virtual seconds; absent: results never expire).
 */
export interface Conditions {
  lateFailure: number;
  timeout?: number;
  ttl?: number;
  seed: number;
}

/** Whether the conditions change the sample's calls (TTL acts in the episode, and on the reference makespans: underTtl). */
function transforms(c: Conditions): boolean {
  return c.lateFailure > 0 || (c.timeout ?? 0) > 0;
}

const memo = new WeakMap<Sample, Map<string, Sample>>();

/**
 * The sample as played under lifecycle events: each gold call (not one already expected to fail)
 * is chosen to fail late with probability `lateFailure`, or else to time out with probability
 * `timeout`, from (seed, sample id, call); a chosen call `c2` gets a doomed first attempt
 * `c2__first` or `c2__timeout` (gold/attempts.ts) with its tool, arguments and latency, and
 * `c2` becomes its retry, made after the failure arrives. The reference makespans are recomputed,
 * so the oracle (which retries at once) stays the optimum. The same sample when nothing is chosen.
 */
export function effectiveSample(sample: Sample, registry: Registry, conditions: Conditions | undefined): Sample {
  if (!conditions || !transforms(conditions)) return sample;
  let bySample = memo.get(sample);
  if (!bySample) memo.set(sample, (bySample = new Map()));
  const key = `${conditions.seed}|${conditions.lateFailure}|${conditions.timeout ?? 0}`;
  const hit = bySample.get(key);
  if (hit) return hit;
  const latencies = { ...sample.latencies };
  const goldLatency = new Map(goldDag(sample, registry).nodes.map((n) => [n.key, n.latency]));
  let chosen = 0;
  // A call with an identical twin (same tool and arguments, e.g. a send expected to fail before a login) is
  // never chosen: its doomed attempt could not be told from the twin.
  const signature = (call: { tool: string; args: unknown }) => `${call.tool}\u0000${canonicalJson(call.args)}`;
  const count = new Map<string, number>();
  for (const t of sample.tasks) for (const c of t.calls) count.set(signature(c), (count.get(signature(c)) ?? 0) + 1);
  const tasks = sample.tasks.map((task) => {
    const calls = task.calls.flatMap((call) => {
      if (call.expectError || count.get(signature(call))! > 1) return [call];
      // Two draws of their own per call, so a run with timeouts fails late the same calls as one without.
      const fails = rngFor(conditions.seed, sample.id, 'late-failure', task.id, call.id).next() < conditions.lateFailure;
      const timesOut = !fails && rngFor(conditions.seed, sample.id, 'timeout', task.id, call.id).next() < (conditions.timeout ?? 0);
      if (!fails && !timesOut) return [call];
      chosen++;
      const id = `${call.id}${fails ? ATTEMPT_SUFFIX : TIMEOUT_SUFFIX}`;
      // The attempt runs as long as the call would: it fails only at the end (a timeout: its deadline is the call's latency).
      const latency = goldLatency.get(`${task.id}.${call.id}`)!;
      latencies[`${task.id}.${id}`] = latency;
      latencies[`${task.id}.${call.id}`] = latency;
      return [
        { ...call, id, expectError: true },
        { ...call, after: [...(call.after ?? []), id] },
      ];
    });
    return { ...task, calls };
  });
  let out = sample;
  if (chosen > 0) {
    const drawn: Sample = { ...sample, tasks, latencies };
    out = { ...drawn, meta: { ...drawn.meta, ...computeMakespans(drawn, registry) } };
  }
  bySample.set(key, out);
  return out;
}

const ttlMemo = new WeakMap<Sample, Map<number, Sample>>();

/**
 * The sample with its reference makespans recomputed under --ttl (after every other change to the
 * sample: lifecycle attempts, trial latencies, turn cost), so efficiency is measured against the
 * optimum that hands every needed result over before it expires. The same sample without a TTL.
 */
export function underTtl(sample: Sample, registry: Registry, ttl: number | undefined): Sample {
  if (ttl === undefined || !Number.isFinite(ttl)) return sample;
  let bySample = ttlMemo.get(sample);
  if (!bySample) ttlMemo.set(sample, (bySample = new Map()));
  const hit = bySample.get(ttl);
  if (hit) return hit;
  const out: Sample = { ...sample, meta: { ...sample.meta, ...computeMakespans(sample, registry, ttl) } };
  bySample.set(ttl, out);
  return out;
}
