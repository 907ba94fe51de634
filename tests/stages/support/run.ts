import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../pipeline/core/log.ts';
import type { PipelineConfig } from '../../../pipeline/config/schema.ts';
import { runStage } from '../../../pipeline/stages/runner.ts';
import type { Stage, StageStats } from '../../../pipeline/stages/stage.ts';
import { fixtureRegistry } from './fixtures.ts';

export function tempDir(prefix = 'stage-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function readJsonlFile<T = any>(file: string): T[] {
  const text = readFileSync(file, 'utf8').trim();
  return text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as T);
}

/** Runs one stage over the fixture toolkits and returns its stats, outputs and rejections. */
export async function runFixtureStage<T = any>(stage: Stage, config: PipelineConfig, inputs: string[], dir: string) {
  const output = join(dir, `${stage.name}.jsonl`);
  const stats: StageStats = await runStage(stage, { inputs, output }, { config, registry: await fixtureRegistry(), logger: silentLogger });
  return { stats, output, out: readJsonlFile<T>(output), rejected: readJsonlFile<{ id: string; reason: string; detail: string }>(join(dir, `${stage.name}.rejected.jsonl`)) };
}
