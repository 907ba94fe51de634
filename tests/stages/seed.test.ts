import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { FIXTURES, FIXTURE_SEEDS, fixtureConfig } from './support/fixtures.ts';
import { runFixtureStage, tempDir } from './support/run.ts';

describe('the seed stage', () => {
  it('keeps every seed whose gold path runs and rejects the others with their reason', async () => {
    const { stats, out, rejected } = await runFixtureStage(seedStage, fixtureConfig(), [FIXTURE_SEEDS, join(FIXTURES, 'bad-seeds')], tempDir());
    expect(out.map((t) => t.id)).toContain('bank-004');
    expect(out).toHaveLength(15);
    expect(out.every((t) => t.provenance && Array.isArray(t.provenance.parents))).toBe(true);
    expect(stats.rejected).toEqual({ 'gold-replay': 1, 'invalid-input': 1, 'literal-missing': 1, 'unknown-toolkit': 1 });
    const byId = Object.fromEntries(rejected.map((r) => [r.id, r]));
    expect(byId['bad-001']!.detail).toMatch(/No account named vacation/);
    expect(byId['bad-002']!.detail).toMatch(/"savings" is not stated in the query/);
    expect(byId['bad-003']!.detail).toMatch(/bad\.yaml \$\[2\].*\$\.query/);
    expect(byId['bad-004']!.reason).toBe('unknown-toolkit');
  });
});

describe('a seed that crashes its simulator', () => {
  it('is rejected with the reason and the stage goes on', async () => {
    const { out, rejected } = await runFixtureStage(seedStage, fixtureConfig(), [FIXTURE_SEEDS, join(FIXTURES, 'crashing-seeds')], tempDir());
    expect(out).toHaveLength(15);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ id: 'crash-001', reason: 'simulator-crash' });
    expect(rejected[0]!.detail).toMatch(/fx_weather\.fx_get_forecast threw TypeError/);
  });
});
