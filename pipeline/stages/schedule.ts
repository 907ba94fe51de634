import { rngFor } from '../core/rng.ts';
import type { PipelineConfig, Regime } from '../config/schema.ts';
import type { Sample } from '../schema/sample.ts';
import type { Registry } from '../world/registry.ts';
import { sampleLatency } from '../world/latency.ts';
import { referenceRuns } from '../gold/reference.ts';
import { makespanOf } from '../score/efficiency.ts';
import { goldDag } from '../gold/graph.ts';
import type { Trace } from '../schema/trace.ts';
import type { PerRecordStage } from './stage.ts';
import { parseSample } from './record-input.ts';

/**
 * The virtual duration of every gold call under a latency regime: `one-round` (the paper's setting:
 * every result is there at the agent's next turn, whatever it does; a call is issued at the end of
 * its turn, so that is a latency of 0, and `none` is the same), or each function's profile scaled
 * (`low`, `realistic`, `high`), drawn per call from a generator keyed by the sample and call.
 */
export function assignLatencies(sample: Sample, registry: Registry, regime: Regime, config: PipelineConfig): Record<string, number> {
  const { scales } = config.schedule;
  const latencies: Record<string, number> = {};
  for (const task of sample.tasks) {
    for (const call of task.calls) {
      const key = `${task.id}.${call.id}`;
      if (regime === 'none' || regime === 'one-round') latencies[key] = 0;
      else latencies[key] = sampleLatency(registry.fn(call.tool)!.def.latency, rngFor(config.seed, 'schedule', sample.id, key), scales[regime]);
    }
  }
  return latencies;
}

/** On success, also the oracle's episode that gave `oracleMakespan`, for callers that check it further. */
export type ScheduleResult = { ok: true; sample: Sample; oracle: Trace } | { ok: false; reason: string; detail: string };

/**
 * Latencies under the configured regime, then `oracleMakespan` and `sequentialMakespan` from the
 * reference agents; a sample whose sequential / oracle ratio is below `minAsyncRatio` leaves too
 * little room for asynchrony. Compose calls this too, so that it draws another bundle instead.
 */
export async function scheduleSample(draft: Sample, registry: Registry, config: PipelineConfig): Promise<ScheduleResult> {
  const { regime, turnCost, minAsyncRatio } = config.schedule;
  for (const task of draft.tasks) {
    for (const call of task.calls) {
      if (!registry.fn(call.tool)) return { ok: false, reason: 'unknown-function', detail: `${task.id}.${call.id} calls ${call.tool}, which no loaded toolkit defines` };
    }
  }
  const latencies = assignLatencies(draft, registry, regime, config);
  const scheduled: Sample = { ...draft, latencies, meta: { ...draft.meta, regime, turnCost } };
  const runs = referenceRuns(scheduled, registry);
  const dag = goldDag(scheduled, registry);
  const oracleMakespan = makespanOf(runs.oracle, dag);
  const sequentialMakespan = makespanOf(runs.sequential, dag);
  const ratio = oracleMakespan > 0 ? sequentialMakespan / oracleMakespan : 1;
  if (ratio < minAsyncRatio) {
    return {
      ok: false,
      reason: 'too-little-asynchrony',
      detail: `sequential / oracle makespan = ${sequentialMakespan} / ${oracleMakespan} = ${ratio.toFixed(2)}, below minAsyncRatio ${minAsyncRatio}`,
    };
  }
  return { ok: true, sample: { ...scheduled, meta: { ...scheduled.meta, oracleMakespan, sequentialMakespan } }, oracle: runs.oracle };
}

/**
 * Stage 4: schedules every composed sample (the dependency graph comes from the references and
 * `after` lists) and drops those with too little room for asynchrony.
 */
export const scheduleStage: PerRecordStage<Sample, Sample> = {
  kind: 'per-record',
  name: 'schedule',
  inputKind: "draft samples (the compose stage's output)",
  configSlice: (config) => ({ seed: config.seed, schedule: config.schedule }),
  parseInput: parseSample,
  keyOf: (sample) => sample.id,
  idOf: (sample) => sample.id,
  async process(draft, ctx) {
    const result = await scheduleSample(draft, ctx.registry, ctx.config);
    return result.ok ? { out: [result.sample], rejected: [] } : { out: [], rejected: [{ id: draft.id, reason: result.reason, detail: result.detail }] };
  },
};
