import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { PipelineConfig } from '../config/schema.ts';
import { importSeedDirs } from '../config/imports.ts';
import { checkSeedPaths } from '../config/paths.ts';
import { parseTask } from './record-input.ts';
import type { Task } from '../schema/task.ts';
import { findSeedFiles } from '../world/seeds.ts';
import { pluginSeedDirs } from '../world/registry.ts';
import { checkTask } from './task-check.ts';
import { orderStateChanges } from './ordering.ts';
import type { InputSource, PerRecordStage } from './stage.ts';

/**
 * Seed files (YAML or JSON, one task or a list) under the given files and folders, under the
 * seeds/ of every import folder and of every plugin toolkit of the config, one record per task.
 * The files are the stage's inputs, so an edited seed, import or plugin changes its fingerprint.
 */
function seedSource(paths: readonly string[], config: PipelineConfig): InputSource {
  // The config's own seeds (a build, or `stage seed` without --in): a missing one is a config error.
  if (paths.length === config.seeds.length && paths.every((p, i) => p === config.seeds[i])) checkSeedPaths(config);
  const files = findSeedFiles([...paths, ...importSeedDirs(config.imports), ...pluginSeedDirs(config.toolkits)]);
  return {
    files,
    async *records() {
      for (const file of files) {
        const name = relative(process.cwd(), file);
        let raw: unknown;
        try {
          raw = parseYaml(readFileSync(file, 'utf8'));
        } catch (err) {
          yield { value: undefined, where: name, error: `not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}` };
          continue;
        }
        const items = Array.isArray(raw) ? raw : [raw];
        for (const [i, value] of items.entries()) yield { value, where: Array.isArray(raw) ? `${name} $[${i}]` : name };
      }
    },
  };
}

/**
 * Stage 1: every seed task is schema-checked and its gold path executed; failures are rejected
 * with the reason. State-changing calls whose order matters get explicit `after` edges.
 */
export const seedStage: PerRecordStage<Task, Task> = {
  kind: 'per-record',
  name: 'seed',
  inputSource: seedSource,
  inputKind: 'seed tasks (YAML or JSON files, one task or a list each)',
  configSlice: () => ({}),
  parseInput: parseTask,
  keyOf: (task) => task.id,
  idOf: (task) => task.id,
  process(seed, ctx) {
    const { task } = orderStateChanges(seed, ctx.registry);
    const check = checkTask(task, ctx.registry);
    if (!check.ok) return { out: [], rejected: [{ id: task.id, ...check.fault }] };
    const provenance = { parents: [], operators: [], ...task.provenance };
    return { out: [{ ...task, provenance }], rejected: [] };
  },
};
