import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { fixtureBuildConfig } from './support/build-config.ts';

const NO_PATTERN = { independent: 0, similar: 0, chain: 0, 'fan-in': 0, mixed: 0 };

describe('a build that would export an empty dataset', () => {
  it('fails at compose when no pattern has a weight, naming the config file and compose.patterns', async () => {
    const { dir, file } = fixtureBuildConfig({ compose: { targets: { '2': 5 }, patterns: NO_PATTERN } });
    const run = await runCli(['build', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: .*pipeline\.yaml:\d+, at \$\.compose\.patterns: compose: .*leave no sample to compose/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out/asynctool.jsonl'))).toBe(false);
  });

  it('fails at the stage that dropped everything, with its top rejection reasons and the option to change', async () => {
    const { dir, file } = fixtureBuildConfig({ compose: { targets: { '2': 3 }, attempts: 2 }, schedule: { minAsyncRatio: 100 } });
    const run = await runCli(['build', '--config', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/pipeline\.yaml:\d+, at \$\.schedule\.minAsyncRatio: compose dropped every record \(\d+ in, 0 out; top rejection reasons: too-little-asynchrony \d+/);
    expect(run.stderr).toMatch(/lower schedule\.minAsyncRatio \(now 100\)/);
    expect(existsSync(join(dir, 'out/asynctool.jsonl'))).toBe(false);
    expect(existsSync(join(dir, 'work/schedule.jsonl'))).toBe(false);
  });
});
