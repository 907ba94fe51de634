import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../pipeline/core/canonical.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { loadSeeds } from '../../pipeline/world/seeds.ts';
import { executeGold, initialStateFor } from '../../pipeline/world/execute.ts';
import { runTool } from '../../pipeline/world/simulator.ts';

/**
 * The scorer compares call arguments after filling each parameter's documented default, so a call
 * that leaves a parameter out and one that spells out its default must be the same call: the
 * simulator has to treat them alike. Checked on every seed call of a function that declares one,
 * on the state that call really meets.
 */
describe('documented parameter defaults', async () => {
  const registry = await loadRegistry();
  const seeds = loadSeeds(['seeds']);
  it('give the same result and state as leaving the parameter out, on every seed call that could use them', () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const { task } of seeds) {
      const run = executeGold(task, registry);
      if (run.problems.length > 0) continue;
      const sim = registry.toolkit(task.toolkit)!.sim;
      let state = initialStateFor(registry, task.toolkit, task.initialState);
      for (const call of task.calls) {
        const fn = registry.fn(call.tool)!;
        const args = run.calls[call.id]!.args;
        const props = (fn.def.parameters as { properties?: Record<string, { default?: unknown }> }).properties ?? {};
        for (const [name, schema] of Object.entries(props)) {
          if (!schema || !('default' in schema)) continue;
          const without = { ...args };
          delete without[name];
          const a = runTool(sim, state, call.tool, without, { mutates: fn.def.mutates });
          const b = runTool(sim, state, call.tool, { ...without, [name]: schema.default }, { mutates: fn.def.mutates });
          checked++;
          const view = (o: typeof a) => canonicalJson(o.ok ? { result: o.result, state: o.state } : { error: true });
          if (view(a) !== view(b)) mismatches.push(`${task.id}.${call.id} ${call.tool}.${name} (default ${JSON.stringify(schema.default)})`);
        }
        state = runTool(sim, state, call.tool, args, { mutates: fn.def.mutates }).state;
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
