import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../pipeline/world/registry.ts';
import { loadSeeds } from '../pipeline/world/seeds.ts';
import { executeGold } from '../pipeline/world/execute.ts';
import { checkContract } from '../pipeline/validate/contract.ts';

describe('the seed corpus', async () => {
  const registry = await loadRegistry();
  const seeds = loadSeeds(['seeds']);
  it('has unique task ids', () => {
    const ids = seeds.map((s) => s.task.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  for (const { task, file } of seeds) {
    it(`${task.id} replays its gold path and keeps the task contract (${file.split('/seeds/')[1]})`, () => {
      const run = executeGold(task, registry);
      expect(run.problems).toEqual([]);
      expect(checkContract(task, run, registry).map((p) => p.message)).toEqual([]);
    });
  }
});
