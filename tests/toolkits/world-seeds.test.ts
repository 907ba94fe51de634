import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { typedPool } from '../../pipeline/stages/evolve/rules/values.ts';
import { Task, type TaskInput } from '../../pipeline/schema/task.ts';
import { executeGold } from '../../pipeline/world/execute.ts';
import { BUILTIN_TOOLKITS_DIR, loadRegistry, loadToolkitDir } from '../../pipeline/world/registry.ts';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

// What a verifier reads in the stateful toolkits' seeds: facts the answer rests on are looked up or
// stated, and an answer the tools give two ways is never asked for.
const seeds = (toolkit: string): TaskInput[] => parse(readFileSync(join(BUILTIN_TOOLKITS_DIR, '..', 'seeds', `${toolkit}.yaml`), 'utf8'));
/** The value as a whole word or number of the query: 2 is not in "Fjord-Pine-42", "on" not in "only". */
const statesWord = (query: string, value: string) => new RegExp(`(?<![\\p{L}\\p{N}.-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}]|\\.\\d)`, 'iu').test(query);
const refOf = (v: unknown): string | undefined => (v && typeof v === 'object' && '$ref' in v ? String((v as { $ref: string }).$ref) : undefined);

const message = await loadToolkitDir(join(BUILTIN_TOOLKITS_DIR, 'message'));
const trading = await loadToolkitDir(join(BUILTIN_TOOLKITS_DIR, 'trading'));

describe('message seeds', () => {
  const idOf = message.def.defaultState!.user_map as Record<string, string>;

  it('look up (or state) the user whose id keys the answer ("the messages I sent to Alice")', () => {
    const keyed = seeds('message').filter((t) => /\.messages\.USR\d+$/.test(refOf(t.answer) ?? ''));
    expect(keyed.length).toBeGreaterThan(0);
    for (const t of keyed) {
      const id = refOf(t.answer)!.split('.').pop()!;
      const lookedUp = t.calls.some((c) => c.tool === 'get_user_id' && idOf[String(c.args?.user)] === id);
      expect(lookedUp || t.query.includes(id), `${t.id}: the answer is keyed by ${id}, which the query neither states nor looks up`).toBe(true);
    }
  });
});

describe('trading seeds', () => {
  it('never ask for the status of an order they place (place_order answers Pending, the order reads Open)', () => {
    for (const t of seeds('trading')) {
      const placed = new Set(t.calls.filter((c) => c.tool === 'place_order').map((c) => c.id));
      const answer = refOf(t.answer);
      if (!answer?.endsWith('.status')) continue;
      const call = t.calls.find((c) => c.id === answer.split('.')[0])!;
      const ofPlaced = placed.has(call.id) || (call.tool === 'get_order_details' && placed.has(refOf(call.args?.order_id)?.split('.')[0] ?? ''));
      expect(ofPlaced, `${t.id} asks for the status of an order it places`).toBe(false);
    }
  });

  it('vary watchlist symbols only where the step still does something, and no part of an order alone', () => {
    const watchlist = trading.def.defaultState!.watch_list as string[];
    const adds = typedPool(trading.language, 'add_to_watchlist', 'stock')!;
    const removes = typedPool(trading.language, 'remove_stock_from_watchlist', 'symbol')!;
    expect(adds.filter((s) => watchlist.includes(String(s)))).toEqual([]);
    expect(removes.every((s) => watchlist.includes(String(s)))).toBe(true);
    expect(typedPool(trading.language, 'place_order', 'symbol')).toBeUndefined();
    expect(typedPool(trading.language, 'place_order', 'price')).toBeUndefined();
    // "Sell all 40 of my NVDA shares": the size is what the order history holds.
    expect(typedPool(trading.language, 'place_order', 'amount')).toBeUndefined();
  });
});

describe('result docs of the stateful toolkits', () => {
  it('claim no rounding their simulators do not do (BFCL leaves conversions unrounded)', async () => {
    const vehicle = await loadToolkitHarness('vehicle');
    const travel = await loadToolkitHarness('travel');
    const doc = async (toolkit: string, fn: string, field: string) => {
      const tk = await loadToolkitDir(join(BUILTIN_TOOLKITS_DIR, toolkit));
      const def = tk.def.functions.find((f) => f.name === fn)!;
      return String((def.returns as { properties: Record<string, { description?: string }> }).properties[field]!.description);
    };
    const decimals = (n: number) => (String(n).split('.')[1] ?? '').length;
    expect(decimals(vehicle.ok('liter_to_gallon', { liter: 38 }).result.gallon)).toBeGreaterThan(2);
    expect(await doc('vehicle', 'liter_to_gallon', 'gallon')).not.toMatch(/rounded to/);
    expect(decimals(vehicle.ok('gallon_to_liter', { gallon: 3.3 }).result.liter)).toBeGreaterThan(2);
    expect(await doc('vehicle', 'gallon_to_liter', 'liter')).not.toMatch(/rounded to/);
    expect(decimals(travel.ok('compute_exchange_rate', { base_currency: 'USD', target_currency: 'EUR', value: 248.98 }).result.exchanged_value)).toBeGreaterThan(2);
    expect(await doc('travel', 'compute_exchange_rate', 'exchanged_value')).toMatch(/not rounded when converting from USD/);
  });
});

describe('stateful seeds', () => {
  it('never answer with a value the query itself states (the deposit, the line written, the speed set)', async () => {
    const registry = await loadRegistry();
    const echoes: string[] = [];
    for (const toolkit of ['message', 'social', 'ticket', 'trading', 'travel', 'vehicle', 'filesystem']) {
      for (const t of seeds(toolkit)) {
        const { answer } = executeGold(Task.parse(t), registry);
        const scalar = typeof answer === 'number' || (typeof answer === 'string' && answer.length > 2);
        if (scalar && statesWord(t.query, String(answer))) echoes.push(`${t.id}: ${JSON.stringify(answer)}`);
      }
    }
    expect(echoes).toEqual([]);
  });
});

describe('vehicle seeds', () => {
  it('say a fully pressed brake pedal as a driver does, not as its position code', () => {
    const pressing = seeds('vehicle').filter((t) => t.calls.some((c) => c.tool === 'pressBrakePedal' && c.args?.pedalPosition === 1));
    expect(pressing.length).toBeGreaterThan(0);
    for (const t of pressing) {
      expect(t.query, t.id).toMatch(/all the way down|fully/);
      expect(t.query, t.id).not.toMatch(/position 1|\(1\)|100%/);
    }
  });
});

describe('values pools of the stateful toolkits', () => {
  it('put no float noise into an exact answer (litres added to the tank as gallons)', async () => {
    const registry = await loadRegistry();
    const vehicle = registry.toolkit('vehicle')!;
    const seed = seeds('vehicle').find((t) => t.id === 'vehicle-002')!;
    for (const liter of typedPool(vehicle.language, 'liter_to_gallon', 'liter')!) {
      const child = Task.parse({ ...seed, calls: seed.calls.map((c) => (c.tool === 'liter_to_gallon' ? { ...c, args: { liter } } : c)) });
      const { answer } = executeGold(child, registry);
      expect(String(answer), `${liter} liters`).toBe(String(Number((answer as number).toPrecision(12))));
    }
  });
});
