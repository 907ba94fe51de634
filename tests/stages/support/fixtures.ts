import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Registry, findToolkitDirs, loadToolkitDir } from '../../../pipeline/world/registry.ts';
import { PipelineConfig, type PipelineConfigInput } from '../../../pipeline/config/schema.ts';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
export const FIXTURE_TOOLKITS = join(FIXTURES, 'toolkits');
export const FIXTURE_SEEDS = join(FIXTURES, 'seeds');

let registry: Promise<Registry> | undefined;

/** Only the fixture toolkits, so these tests do not depend on the built-in catalogue. */
export function fixtureRegistry(): Promise<Registry> {
  registry ??= (async () => {
    const r = new Registry();
    for (const tk of await Promise.all(findToolkitDirs(FIXTURE_TOOLKITS).map(loadToolkitDir))) r.add(tk);
    return r;
  })();
  return registry;
}

export function fixtureConfig(overrides: PipelineConfigInput = {}): PipelineConfig {
  return PipelineConfig.parse({ seeds: [FIXTURE_SEEDS], ...overrides });
}
