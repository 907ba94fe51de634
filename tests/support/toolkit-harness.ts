import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BUILTIN_TOOLKITS_DIR, loadToolkitDir } from '../../pipeline/world/registry.ts';
import { runTool, type SimOutcome, type State } from '../../pipeline/world/simulator.ts';

export type Args = Record<string, unknown>;

/** A successful call. `result` is `any` because each test reads its own toolkit's result shape. */
export interface Done {
  state: State;
  result: any;
}

export interface ToolkitHarness {
  /** The toolkit's default state. */
  initial: State;
  /** Runs a call as the engine does: functions declared read-only get the state frozen, so a stray write fails. */
  call(fn: string, args: Args, state: State): SimOutcome;
  /** Runs a call that must succeed. */
  ok(fn: string, args?: Args, state?: State): Done;
  /** Runs a call that must fail with the state untouched, and returns the error the agent would see. */
  fails(fn: string, args?: Args, state?: State): string;
  /** Runs calls in order, each on the state the previous one left. */
  chain(calls: [string, Args?][], state?: State): { state: State; results: any[] };
  /**
   * Asserts the contract the engine relies on: a call that must succeed leaves its input state as it was
   * and answers the same way when repeated; `others` run on the same state in between must leave it alone too.
   */
  expectPure(state: State, main: [string, Args], ...others: [string, Args][]): Done;
  /** The default state overlaid with a BFCL entry's `initial_config` for one API class (e.g. 'TwitterAPI'), to replay its ground truth on. */
  bfclState(entryId: string, api: string): State;
}

/** Loads a built-in toolkit by folder name and binds the call helpers to it. */
export async function loadToolkitHarness(name: string): Promise<ToolkitHarness> {
  const tk = await loadToolkitDir(join(BUILTIN_TOOLKITS_DIR, name));
  const initial = tk.def.defaultState as State;
  const call = (fn: string, args: Args, state: State) => runTool(tk.sim, state, fn, args, { mutates: tk.def.functions.find((f) => f.name === fn)?.mutates });
  const ok = (fn: string, args: Args = {}, state: State = initial): Done => {
    const out = call(fn, args, state);
    if (!out.ok) throw new Error(`${fn} failed: ${out.error}`);
    return { state: out.state, result: out.result };
  };
  const fails = (fn: string, args: Args = {}, state: State = initial): string => {
    const out = call(fn, args, state);
    expect(out.ok).toBe(false);
    expect(out.state).toBe(state);
    return out.ok ? '' : out.error;
  };
  const chain = (calls: [string, Args?][], state: State = initial) => {
    const results: any[] = [];
    for (const [fn, args] of calls) {
      const step = ok(fn, args, state);
      state = step.state;
      results.push(step.result);
    }
    return { state, results };
  };
  const expectPure = (state: State, [fn, args]: [string, Args], ...others: [string, Args][]): Done => {
    const before = structuredClone(state);
    const first = call(fn, args, state);
    for (const [other, otherArgs] of others) call(other, otherArgs, state);
    const second = call(fn, args, state);
    expect(state).toEqual(before);
    expect(second).toEqual(first);
    if (!first.ok) throw new Error(`${fn} failed: ${first.error}`);
    return { state: first.state, result: first.result };
  };
  const bfclState = (entryId: string, api: string): State => ({ ...initial, ...bfclInitialConfig(entryId, api) });
  return { initial, call, ok, fails, chain, expectPure, bfclState };
}

/** Asserts an id has the `<prefix>_<12 hex>` shape of ctx.id and shows none of the given inputs, in any case. */
export function expectOpaqueId(id: unknown, prefix: string, ...hidden: string[]): void {
  expect(id).toMatch(new RegExp(`^${prefix}_[0-9a-f]{12}$`));
  for (const h of hidden) expect(String(id).toLowerCase()).not.toContain(h.toLowerCase());
}

const BFCL_MULTI_TURN = new URL('../../../shared/external/bfcl/question/BFCL_v4_multi_turn_base.json', import.meta.url);

function bfclInitialConfig(entryId: string, api: string): State {
  const line = readFileSync(BFCL_MULTI_TURN, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`{"id": "${entryId}",`));
  if (!line) throw new Error(`no BFCL entry ${entryId} in ${BFCL_MULTI_TURN.pathname}`);
  const config = JSON.parse(line).initial_config[api];
  if (!config) throw new Error(`BFCL entry ${entryId} has no initial_config for ${api}`);
  return config as State;
}
