/**
 * The default offline build (pipeline.config.yaml, the real toolkits and seeds), made once for the
 * whole test run and shared by every test file that needs it. Test files run in separate workers,
 * so the build lives on disk, keyed by everything it depends on (code, prompts, toolkits, seeds,
 * config), and a later run with the same inputs reuses it. The global setup (default-build-setup.ts)
 * starts it at once in the main process; whoever comes first builds under a lock, the others wait and read it.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../pipeline/config/load.ts';
import { hashValue } from '../../pipeline/core/canonical.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { pidAlive } from '../../pipeline/core/lock.ts';
import { buildDataset } from '../../pipeline/stages/build.ts';
import { codeHash, fileSha256, worldHash } from '../../pipeline/stages/fingerprint.ts';
import { loadRegistry, type Registry } from '../../pipeline/world/registry.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import { readDataset } from '../../pipeline/env/dataset.ts';

export interface DefaultBuild {
  dir: string;
  datasetFile: string;
  samples: Sample[];
  registry: Registry;
}

let memo: Promise<DefaultBuild> | undefined;

export function defaultBuild(): Promise<DefaultBuild> {
  memo ??= build();
  return memo;
}

async function build(): Promise<DefaultBuild> {
  const { dir, datasetFile, registry } = await defaultBuildOnDisk();
  const samples = await readDataset(datasetFile, registry);
  return { dir, datasetFile, samples, registry };
}

/** Makes the build on disk, or waits for the process making it; resolves with its folder. */
export async function defaultBuildOnDisk(): Promise<Omit<DefaultBuild, 'samples'>> {
  const { config } = loadConfig('pipeline.config.yaml');
  const registry = await loadRegistry(config.toolkits);
  const seeds = readdirSync('seeds')
    .sort()
    .map((f) => fileSha256(join('seeds', f)));
  const key = hashValue({ code: codeHash(), world: worldHash(registry), seeds, config: fileSha256('pipeline.config.yaml') }).slice(0, 16);
  const root = join(tmpdir(), 'asynctool-test-builds');
  mkdirSync(root, { recursive: true });
  const dir = join(root, key);
  const datasetFile = join(dir, 'asynctool.jsonl');
  const lock = `${dir}.lock`;
  while (!existsSync(datasetFile)) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n`);
    } catch {
      // Another process builds. Its lock names it: one that is gone (a killed run) leaves a stale lock,
      // taken over; a live one is waited for however long a loaded machine makes the build.
      const owner = Number.parseInt(readText(lock), 10);
      if (Number.isInteger(owner) && !pidAlive(owner)) rmSync(lock, { force: true });
      await sleep(200);
      continue;
    }
    try {
      if (existsSync(datasetFile)) break;
      const work = `${dir}.${process.pid}.tmp`;
      rmSync(work, { recursive: true, force: true });
      await buildDataset({ ...config, workDir: join(work, 'work'), outDir: work }, { registry, logger: silentLogger });
      rmSync(dir, { recursive: true, force: true });
      renameSync(work, dir);
    } finally {
      closeSync(fd);
      rmSync(lock, { force: true });
    }
  }
  return { dir, datasetFile, registry };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
