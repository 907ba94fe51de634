import type { PipelineConfig } from '../config/schema.ts';
import { join } from 'node:path';
import type { Stage, StageName } from './stage.ts';
import { seedStage } from './seed.ts';
import { evolveStage } from './evolve/index.ts';
import { composeStage } from './compose/index.ts';
import { scheduleStage } from './schedule.ts';
import { validateStage } from './validate.ts';
import { dedupStage } from './dedup/index.ts';
import { exportStage } from './export/index.ts';

/** Every stage by name, in pipeline order; add one line here per stage. */
export const STAGES: Record<StageName, Stage> = {
  seed: seedStage,
  evolve: evolveStage,
  compose: composeStage,
  schedule: scheduleStage,
  validate: validateStage,
  dedup: dedupStage,
  export: exportStage,
};

/** Where each stage reads and writes in a full build: JSONL under the work folder, the dataset in the output folder. */
export function stageLayout(config: PipelineConfig): Record<StageName, { inputs: string[]; output: string }> {
  const work = (name: string) => join(config.workDir, `${name}.jsonl`);
  return {
    seed: { inputs: config.seeds, output: work('seed') },
    evolve: { inputs: [work('seed')], output: work('evolve') },
    compose: { inputs: [work('evolve')], output: work('compose') },
    schedule: { inputs: [work('compose')], output: work('schedule') },
    validate: { inputs: [work('schedule')], output: work('validate') },
    dedup: { inputs: [work('validate')], output: work('dedup') },
    export: { inputs: [work('dedup')], output: join(config.outDir, config.export.file) },
  };
}
