import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../pipeline/config/load.ts';
import { PipelineConfig } from '../../pipeline/config/schema.ts';
import { ConfigError } from '../../pipeline/core/errors.ts';

function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cfg-')), 'pipeline.yaml');
  writeFileSync(file, text);
  return file;
}

const withoutPaths = (c: PipelineConfig) => ({ ...c, workDir: '', outDir: '', seeds: [], toolkits: [] });

describe('the pipeline config', () => {
  it('pipeline.config.yaml at the repository root states exactly the defaults', () => {
    const { config } = loadConfig('pipeline.config.yaml');
    expect(withoutPaths(config)).toEqual(withoutPaths(PipelineConfig.parse({})));
    expect(config.compose.targets).toEqual({ '2': 400, '3': 350, '4': 140, '5': 80 });
    expect(config.schedule.regime).toBe('realistic');
    expect(config.evolve.llm.endpoint).toBeNull();
  });

  it('fills every option left out with its default and resolves paths from the file folder', () => {
    const file = configFile('seed: 7\ncompose:\n  targets: { "2": 3 }\n');
    const { config } = loadConfig(file);
    expect(config.seed).toBe(7);
    expect(config.compose.targets).toEqual({ '2': 3 });
    expect(config.compose.distractors).toBe(4);
    expect(config.dedup.near.threshold).toBe(0.8);
    expect(config.workDir).toBe(join(file, '..', 'output/work'));
  });

  it('names the file, line and path of a wrong value', () => {
    const file = configFile('seed: 1\nschedule:\n  regime: sometimes\n');
    expect(() => loadConfig(file)).toThrowError(ConfigError);
    try {
      loadConfig(file);
    } catch (err) {
      expect((err as Error).message).toMatch(new RegExp(`${file}:3.*\\$\\.schedule\\.regime`));
      expect((err as Error).message).toMatch(/none.*one-round.*realistic/);
    }
  });

  it('rejects an unknown option by name', () => {
    expect(() => loadConfig(configFile('dedup:\n  treshold: 0.5\n'))).toThrowError(/unknown option "treshold"/);
  });

  it('rejects a task count outside 2..5 and bands that do not divide the signature', () => {
    expect(() => loadConfig(configFile('compose:\n  targets: { "7": 10 }\n'))).toThrowError(/2, 3, 4 or 5/);
    expect(() => loadConfig(configFile('dedup:\n  near: { numHashes: 64, bands: 10 }\n'))).toThrowError(/multiple of bands/);
  });

  it('reports broken YAML with its line', () => {
    expect(() => loadConfig(configFile('seed: 1\ncompose: [\n'))).toThrowError(/pipeline\.yaml:\d+: is not valid YAML/);
  });

  it('says so when the file is missing', () => {
    expect(() => loadConfig('/nonexistent/pipeline.yaml')).toThrowError(/config file does not exist/);
  });
});
