import type { Sample } from '../schema/sample.ts';
import { validateSample } from '../validate/record.ts';
import { runEpisode } from '../env/engine.ts';
import { createAgent } from '../agents/registry.ts';
import { scoreSample } from '../score/score-sample.ts';
import type { PerRecordStage } from './stage.ts';
import { parseSample } from './record-input.ts';

/** Floating-point slack when checking that the oracle reaches its own makespan. */
const EPSILON = 1e-9;

/**
 * Stage 5: the checks of `asynctool validate` (JSON Schema, references and DAG, literal values in
 * queries, gold replay on the shared states), then a replay by the `oracle` agent in the
 * environment, which must solve every task with an efficiency of exactly 1.
 */
export const validateStage: PerRecordStage<Sample, Sample> = {
  kind: 'per-record',
  name: 'validate',
  inputKind: "samples (the schedule stage's output)",
  configSlice: (config) => ({ validate: config.validate }),
  parseInput: parseSample,
  keyOf: (sample) => sample.id,
  idOf: (sample) => sample.id,
  async process(sample, ctx) {
    const problems = validateSample(sample, ctx.registry);
    if (problems.length > 0) {
      const p = problems[0]!;
      // A contract break is counted under its rule (`contract:one-question`), so the manifest shows why.
      const reason = /^contract:[a-z-]+/.exec(p.message)?.[0] ?? 'invalid';
      return { out: [], rejected: [{ id: sample.id, reason, detail: `${p.path}: ${p.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}` }] };
    }
    if (ctx.config.validate.oracle) {
      const trace = await runEpisode(sample, createAgent('oracle'), ctx.registry);
      const score = scoreSample(sample, trace, ctx.registry);
      if (!score.taskSuccess) {
        return { out: [], rejected: [{ id: sample.id, reason: 'oracle-failed', detail: `the oracle did not solve every task (${score.failureModes.join(', ') || 'no failure mode'})` }] };
      }
      if (Math.abs(score.efficiency.efficiency - 1) > EPSILON) {
        return {
          out: [],
          rejected: [
            {
              id: sample.id,
              reason: 'oracle-inefficient',
              detail: `oracle efficiency ${score.efficiency.efficiency}, expected 1 (makespan ${score.efficiency.makespan} vs oracleMakespan ${sample.meta.oracleMakespan})`,
            },
          ],
        };
      }
    }
    return { out: [sample], rejected: [] };
  },
};
