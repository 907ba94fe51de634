import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { forgetPluginRegistries, loadRegistry } from '../../pipeline/world/registry.ts';
import { FIXTURE_TOOLKITS } from '../stages/support/fixtures.ts';

/** Threads of this process (Linux). */
const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);

async function settled(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const n = threads();
    await sleep(20);
    if (threads() === n) return n;
  }
  return threads();
}

describe.runIf(process.platform === 'linux')('plugin simulator threads', () => {
  // Test files share a worker process, and the in-process CLI forgets the plugin registries at each command line.
  it('end when their registry is forgotten, so a long-lived process does not gather them', async () => {
    forgetPluginRegistries();
    const before = await settled();
    const registry = await loadRegistry([FIXTURE_TOOLKITS]);
    // A call per plugin toolkit starts its thread.
    for (const tk of ['fx_bank', 'fx_notes', 'fx_weather']) {
      const sim = registry.toolkit(tk)!;
      const fn = sim.def.functions.find((f) => f.mutates === false) ?? sim.def.functions[0]!;
      try {
        // A sandboxed function takes no context: the thread makes its own.
        (sim.sim.functions[fn.name] as (state: object, args: object) => unknown)({}, {});
      } catch {
        // Wrong arguments are an answer too: the thread ran.
      }
    }
    expect(await settled()).toBeGreaterThanOrEqual(before + 3);
    forgetPluginRegistries();
    await sleep(50);
    expect(await settled()).toBeLessThanOrEqual(before);
  });
});
