import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { runStage } from '../../pipeline/stages/runner.ts';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { composeStage } from '../../pipeline/stages/compose/index.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { fixtureBuildConfig } from './support/build-config.ts';
import { FIXTURE_SEEDS, fixtureConfig, fixtureRegistry } from './support/fixtures.ts';
import { runFixtureStage, tempDir } from './support/run.ts';

/** A folder holding the seed stage's output (tasks) beside an earlier dataset's manifest and card. */
async function tasksBesideDataset() {
  const dir = tempDir('wrong-input-');
  const { output } = await runFixtureStage(seedStage, fixtureConfig(), [FIXTURE_SEEDS], dir);
  writeFileSync(join(dir, 'manifest.json'), '{"name":"earlier"}\n');
  writeFileSync(join(dir, 'DATASET_CARD.md'), '# earlier\n');
  return { dir, tasks: output, files: () => readdirSync(dir).sort() };
}

describe('a stage given input of the wrong kind', () => {
  it('export of tasks fails naming the stage, the file and that it reads samples, and writes nothing', async () => {
    const { dir, tasks, files } = await tasksBesideDataset();
    const before = files();
    const { file } = fixtureBuildConfig();
    const run = await runCli(['stage', 'export', '--config', file, '--in', tasks, '--out', join(dir, 'x.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`export: not one of the 15 input records in ${tasks} could be read; the export stage reads samples`);
    expect(files()).toEqual(before);
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('{"name":"earlier"}\n');
    expect(readFileSync(join(dir, 'DATASET_CARD.md'), 'utf8')).toBe('# earlier\n');
  });

  it('schedule of tasks fails the same way and leaves no output, report or journal', async () => {
    const { dir, tasks, files } = await tasksBesideDataset();
    const before = files();
    const { file } = fixtureBuildConfig();
    const run = await runCli(['stage', 'schedule', '--config', file, '--in', tasks, '--out', join(dir, 'y.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('schedule: not one of the 15 input records');
    expect(run.stderr).toContain('the schedule stage reads draft samples');
    expect(files()).toEqual(before);
  });

  it('a whole-set stage fails before running; a few bad records among good ones are still only rejected', async () => {
    const { dir, tasks } = await tasksBesideDataset();
    const base = { config: fixtureConfig({ compose: { targets: { '2': 2 } } }), registry: await fixtureRegistry(), logger: silentLogger };
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, '{"id":"a"}\nnot json\n');
    const output = join(dir, 'out', 'compose.jsonl');
    await expect(runStage(composeStage, { inputs: [junk], output }, base)).rejects.toThrowError(UserInputError);
    await expect(runStage(composeStage, { inputs: [junk], output }, base)).rejects.toThrowError(
      /compose: not one of the 2 input records in .*junk\.jsonl could be read; the compose stage reads tasks/,
    );
    expect(existsSync(output)).toBe(false);
    const mixed = await runStage(composeStage, { inputs: [tasks, junk], output }, base);
    expect(mixed.rejected['invalid-input']).toBe(2);
    expect(mixed.out).toBe(2);
  });
});
