import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ToolkitError, UserInputError } from '../core/errors.ts';
import { canonicalJson } from '../core/canonical.ts';
import type { LoadedToolkit, Registry } from './registry.ts';
import { executeGold } from './execute.ts';
import { SimulatorCrash } from './simulator.ts';
import { loadSeeds } from './seeds.ts';

/** How many of a plugin's seeds are replayed twice at load to catch a non-deterministic simulator. */
const DETERMINISM_SAMPLE = 100;

/** The `seeds/` folder a toolkit folder carries, if any. */
export function seedsDirOf(toolkitDir: string): string | undefined {
  const dir = join(toolkitDir, 'seeds');
  return existsSync(dir) ? dir : undefined;
}

/**
 * Checks a plugin against its own seeds: every seed uses known functions of this toolkit, and
 * every one (up to 100) replays to byte-identical results twice (no clock, no Math.random, no hidden state).
 */
export function checkPluginSeeds(tk: LoadedToolkit, registry: Registry): void {
  const dir = seedsDirOf(tk.dir);
  if (!dir) return;
  let seeds;
  try {
    seeds = loadSeeds([dir]);
  } catch (err) {
    if (err instanceof UserInputError) throw new ToolkitError(err.message);
    throw err;
  }
  for (const { task, file, at } of seeds) {
    task.calls.forEach((call, i) => {
      const fn = registry.fn(call.tool);
      if (!fn || fn.toolkit !== tk.def.name) {
        throw new ToolkitError(`seed calls unknown function "${call.tool}"; toolkit ${tk.def.name} defines ${tk.def.functions.map((f) => f.name).join(', ')}.`, {
          file,
          record: task.id,
          path: `${at}.calls[${i}].tool`,
        });
      }
    });
  }
  // Every seed is replayed twice, the second pass in reverse order after the whole first one: a
  // simulator whose results drift with hidden state (after a few calls) or with the clock (its
  // worker's clock jumps an hour and a second at every call, see plugin-worker-main.ts) disagrees.
  const checked = seeds.slice(0, DETERMINISM_SAMPLE);
  const first = checked.map((seed) => replayOf(seed, registry));
  const second = checked
    .map((_, i) => checked.length - 1 - i)
    .map((i) => replayOf(checked[i]!, registry))
    .reverse();
  for (const [i, { task, file }] of checked.entries()) {
    if (second[i] !== first[i]) {
      throw new ToolkitError(
        `the simulator is not deterministic: replaying this seed twice gave different results. Derive ids with ctx.id(...) and keep time and counters in the state; do not use Math.random(), the clock or module-level variables.`,
        { file, record: task.id },
      );
    }
  }
}

/** A seed's gold run, as canonical JSON of its call results and final state. */
function replayOf({ task, file }: { task: Parameters<typeof executeGold>[0]; file: string }, registry: Registry): string {
  try {
    const run = executeGold(task, registry);
    return canonicalJson({ calls: run.calls, state: run.finalState });
  } catch (err) {
    if (err instanceof SimulatorCrash) {
      throw new ToolkitError(`${err.message} while replaying this seed; a simulator must return results and report tool errors with ctx.fail(message), never throw.`, { file, record: task.id });
    }
    throw err;
  }
}
