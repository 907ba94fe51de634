import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Registry } from '../world/registry.ts';
import { initialStateFor } from '../world/execute.ts';
import type { State } from '../world/simulator.ts';
import { BFCL_CLASSES } from './bfcl.ts';
import { ToolkitError } from '../core/errors.ts';
import { extendForLongContext } from './long-context.ts';

/** File beside a toolkit's toolkit.yaml holding BFCL's class defaults for that toolkit. */
export const BFCL_DEFAULT_FILE = 'bfcl-default.yaml';

const cache = new Map<string, Record<string, unknown>>();

/**
 * BFCL's class defaults for a toolkit (`toolkits/<name>/bfcl-default.yaml`), kept apart from our own
 * default state: hand-written seeds start from ours, imported BFCL entries from BFCL's.
 */
export function bfclDefaultState(registry: Registry, toolkit: string): Record<string, unknown> {
  const dir = registry.toolkit(toolkit)?.dir;
  if (!dir) return {};
  const file = join(dir, BFCL_DEFAULT_FILE);
  const hit = cache.get(file);
  if (hit) return hit;
  let value: unknown = {};
  if (existsSync(file)) {
    value = parseYaml(readFileSync(file, 'utf8')) ?? {};
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ToolkitError('a BFCL default state must be a mapping of state keys to values; write it as YAML keys at the top level.', { file });
    }
  }
  cache.set(file, value as Record<string, unknown>);
  return value as Record<string, unknown>;
}

/**
 * State BFCL derives from other keys when it loads a scenario; computed the same way where the
 * config is silent. `full` is the state the task will start from (our default under `task`).
 */
const DERIVED: Readonly<Record<string, (task: Record<string, unknown>, full: State, config: Record<string, unknown>) => void>> = {
  GorillaFileSystem(task, _full, config) {
    // BFCL loads only the first entry of `root` and drops any other (multi_turn_base_5, 33).
    const root = config.root;
    if (root === null || typeof root !== 'object' || Array.isArray(root)) return;
    const first = Object.entries(root as Record<string, unknown>)[0];
    if (first && Object.keys(root).length > 1) task.root = { [first[0]]: first[1] };
  },
  VehicleControlAPI(task, full, config) {
    const doors = full.doorStatus;
    if (Object.hasOwn(config, 'remainingUnlockedDoors') || doors === null || typeof doors !== 'object') return;
    task.remainingUnlockedDoors = Object.values(doors as Record<string, unknown>).filter((d) => d === 'unlocked').length;
  },
};

/**
 * The top-level state keys an imported class writes into its task: BFCL's class defaults with the
 * entry's `initial_config` laid over them (BFCL's own `_load_scenario` fills silent keys from its defaults).
 */
export function bfclTaskState(
  registry: Registry,
  className: string,
  config: Record<string, unknown> | undefined,
  /** Set for entries of BFCL's long-context category: the state is extended as BFCL extends it. */
  longContextEntry?: string,
): Record<string, unknown> {
  const toolkit = BFCL_CLASSES[className] ?? '';
  const given = config ?? {};
  const task: Record<string, unknown> = { ...bfclDefaultState(registry, toolkit), ...given };
  if (Object.hasOwn(DERIVED, className)) DERIVED[className]!(task, initialStateFor(registry, toolkit, task), given);
  // Only classes whose BFCL state has the flag get it (the three without one ignore long context).
  if (longContextEntry !== undefined && Object.hasOwn(task, 'long_context')) return extendForLongContext(className, longContextEntry, task);
  return task;
}

/** The full state an imported class starts from: our toolkit default under the BFCL task state. */
export function bfclInitialState(registry: Registry, className: string, config: Record<string, unknown> | undefined): State {
  return initialStateFor(registry, BFCL_CLASSES[className] ?? '', bfclTaskState(registry, className, config));
}
