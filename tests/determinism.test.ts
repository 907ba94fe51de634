import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../pipeline/core/canonical.ts';
import { loadRegistry } from '../pipeline/world/registry.ts';
import { loadSeeds } from '../pipeline/world/seeds.ts';
import { replaySampleGold } from '../pipeline/world/replay.ts';
import { runCli } from './support/cli.ts';

describe('determinism', () => {
  it('replaying every seed twice gives byte-identical results and final states', async () => {
    const registry = await loadRegistry();
    const tasks = loadSeeds(['seeds']).map((s) => s.task);
    const once = () => canonicalJson(tasks.map((t) => replaySampleGold({ tasks: [t] }, registry)));
    expect(once()).toBe(once());
  });

  it('stats and validate print the same bytes twice', async () => {
    const a = await runCli(['stats', '--json', 'seeds']);
    const b = await runCli(['stats', '--json', 'seeds']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const v1 = await runCli(['validate', '--toolkits', 'tests/fixtures/toolkits', 'tests/fixtures/validate']);
    const v2 = await runCli(['validate', '--toolkits', 'tests/fixtures/toolkits', 'tests/fixtures/validate']);
    expect(v1.code).toBe(1);
    expect(v1.stderr).toBe(v2.stderr);
    expect(v1.stdout).toBe(v2.stdout);
  });
});
