import { describe, expect, it } from 'vitest';
import { validateSample } from '../../pipeline/validate/record.ts';
import { defaultBuild } from '../support/default-dataset.ts';

describe('the default offline build (pipeline.config.yaml, real toolkits and seeds)', () => {
  it('produces at least 712 valid samples of 2 to 5 tasks over all 12 toolkits', async () => {
    // The build every test of the default dataset shares (built once per code and inputs, see default-dataset.ts).
    const { samples, registry } = await defaultBuild();
    expect(samples.length).toBeGreaterThanOrEqual(712);
    expect(new Set(samples.map((s) => s.tasks.length))).toEqual(new Set([2, 3, 4, 5]));
    expect(new Set(samples.flatMap((s) => s.meta.toolkits)).size).toBe(12);
    expect(new Set(samples.map((s) => s.meta.pattern))).toEqual(new Set(['independent', 'similar', 'chain', 'fan-in', 'mixed']));
    for (const s of samples) expect(validateSample(s, registry)).toEqual([]);
  });
});
