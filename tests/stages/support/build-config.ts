import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FIXTURE_SEEDS, FIXTURE_TOOLKITS } from './fixtures.ts';
import { tempDir } from './run.ts';

/** A build config over the fixture toolkits in a fresh folder (work and output inside it). */
export function fixtureBuildConfig(extra: Record<string, unknown> = {}): { dir: string; file: string } {
  const dir = tempDir('build-');
  const file = join(dir, 'pipeline.yaml');
  const config = {
    seed: 42,
    workDir: 'work',
    outDir: 'out',
    toolkits: [FIXTURE_TOOLKITS],
    seeds: [FIXTURE_SEEDS],
    compose: { targets: { '2': 30, '3': 20 } },
    ...extra,
  };
  writeFileSync(file, stringify(config));
  return { dir, file };
}
