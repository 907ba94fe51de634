import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../pipeline/config/load.ts';
import { ConfigError } from '../../pipeline/core/errors.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { runStage } from '../../pipeline/stages/runner.ts';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { fixtureRegistry, FIXTURE_SEEDS } from './support/fixtures.ts';
import { tempDir } from './support/run.ts';

function configFile(text: string): { dir: string; file: string } {
  const dir = tempDir('cfg-paths-');
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

/** The seed stage over the config's own seeds, as a build runs it. */
async function seedFromConfig(file: string) {
  const { config } = loadConfig(file);
  return runStage(seedStage, { inputs: config.seeds, output: join(config.workDir, 'seed.jsonl') }, { config, registry: await fixtureRegistry(), logger: silentLogger });
}

describe('paths in the pipeline config that do not exist', () => {
  it('a missing toolkit folder is a ConfigError naming the file, line and toolkits[i], when the config loads', () => {
    const { file } = configFile(`seed: 1\ntoolkits:\n  - ${FIXTURE_SEEDS}\n  - /nope/toolkits\n`);
    expect(() => loadConfig(file)).toThrowError(ConfigError);
    expect(() => loadConfig(file)).toThrowError(`${file}:4, at $.toolkits[1]: toolkits lists /nope/toolkits, which does not exist`);
  });

  it('a missing seed path is a ConfigError naming the file, line and seeds[i]', async () => {
    const { file } = configFile('seed: 1\nseeds: [/nope/seeds]\n');
    await expect(seedFromConfig(file)).rejects.toThrowError(ConfigError);
    await expect(seedFromConfig(file)).rejects.toThrowError(`${file}:2, at $.seeds[0]: seeds lists /nope/seeds, which does not exist`);
  });

  it('without seeds: it says that seeds defaults to the seeds folder beside the config', async () => {
    const { dir, file } = configFile('seed: 1\n');
    await expect(seedFromConfig(file)).rejects.toThrowError(ConfigError);
    await expect(seedFromConfig(file)).rejects.toThrowError(`${file}, at $.seeds: seeds is not set, so it defaults to the seeds folder beside the config, ${join(dir, 'seeds')}, which does not exist`);
    mkdirSync(join(dir, 'seeds'));
    writeFileSync(
      join(dir, 'seeds', 'one.yaml'),
      `- { id: w-1, toolkit: fx_weather, query: 'Forecast for Paris?', calls: [{ id: c1, tool: fx_get_forecast, args: { city: Paris } }], answer: { $ref: c1 } }\n`,
    );
    await expect(seedFromConfig(file)).resolves.toMatchObject({ stage: 'seed', in: 1 });
  });

  it('a config that does not list seeds still loads: only the seed stage reads them', () => {
    const { file } = configFile('seed: 1\n');
    expect(loadConfig(file).config.seeds).toHaveLength(1);
  });
});
