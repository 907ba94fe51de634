import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadConfig } from '../../pipeline/config/load.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { buildDataset } from '../../pipeline/stages/build.ts';
import { validateSample } from '../../pipeline/validate/record.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import { readJsonlFile, tempDir } from './support/run.ts';

describe('the default offline build (pipeline.config.yaml, real toolkits and seeds)', () => {
  it('produces at least 712 valid samples of 2 to 5 tasks over all 12 toolkits', async () => {
    const dir = tempDir('default-build-');
    const { config } = loadConfig('pipeline.config.yaml');
    const registry = await loadRegistry(config.toolkits);
    await buildDataset({ ...config, workDir: join(dir, 'work'), outDir: dir }, { registry, logger: silentLogger });
    const samples = readJsonlFile<Sample>(join(dir, 'asynctool.jsonl'));
    expect(samples.length).toBeGreaterThanOrEqual(712);
    expect(new Set(samples.map((s) => s.tasks.length))).toEqual(new Set([2, 3, 4, 5]));
    expect(new Set(samples.flatMap((s) => s.meta.toolkits)).size).toBe(12);
    expect(new Set(samples.map((s) => s.meta.pattern))).toEqual(new Set(['independent', 'similar', 'chain', 'fan-in', 'mixed']));
    for (const s of samples) expect(validateSample(s, registry)).toEqual([]);
  });
});
