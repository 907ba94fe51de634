import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { rngFor } from '../../pipeline/core/rng.ts';
import { TaskPool } from '../../pipeline/stages/compose/pool.ts';
import { BalancedSampler } from '../../pipeline/stages/compose/sampler.ts';
import { bridgesOf, takes } from '../../pipeline/stages/compose/bridges.ts';
import { followUpKey } from '../../pipeline/stages/compose/plan.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import { checkContract } from '../../pipeline/validate/contract.ts';

const registry = await loadRegistry();
const bridges = bridgesOf(registry);
const bridge = (id: string) => bridges.find((b) => b.bridge.id === id)!;

/** A fare lookup of one lineage: `seed` is the seed it descends from (none for the seed itself). */
const fare = (id: string, date: string, seed?: string): Task => ({
  id,
  toolkit: 'travel',
  query: `How much is an economy flight on ${date} from CRH to HKG?`,
  calls: [{ id: 'c1', tool: 'get_flight_cost', args: { travel_from: 'CRH', travel_to: 'HKG', travel_date: date, travel_class: 'economy' } }],
  answer: { $ref: 'c1.travel_cost_list[0]' },
  ...(seed ? { provenance: { parents: [seed], operators: ['rule:values'] } } : {}),
});

describe('compose spreads seed lineages', () => {
  it('draws every seed family once before any family again, however many children a seed has', () => {
    // Seed a has four children, b and c none: by task, a's family would fill most draws.
    const tasks = [
      fare('a', '2026-05-10'),
      fare('a-1', '2026-05-11', 'a'),
      fare('a-2', '2026-05-12', 'a'),
      fare('a-3', '2026-05-13', 'a'),
      fare('a-4', '2026-05-14', 'a'),
      fare('b', '2026-05-15'),
      fare('c', '2026-05-16'),
    ];
    const sampler = new BalancedSampler(new TaskPool(tasks, registry));
    const drawn: string[] = [];
    for (let i = 0; i < 6; i++) {
      const [t] = sampler.pickTasks(rngFor(42, 'spread', i), 'travel', 1, new Set())!;
      sampler.commit([t!]);
      drawn.push(t!.root);
    }
    expect(drawn.slice(0, 3).sort()).toEqual(['a', 'b', 'c']);
    expect(drawn.slice(3).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('compose spreads bridges', () => {
  it('follows a producer up with the least used of the bridges that take its answer', () => {
    const sampler = new BalancedSampler(new TaskPool([fare('a', '2026-05-10')], registry));
    const [eur, gbp] = [bridge('usd-to-eur'), bridge('usd-to-gbp')];
    sampler.commit([{ task: fare('x', '2026-05-11'), root: 'bridge:usd-to-eur', run: { calls: {}, finalState: {}, problems: [] } }]);
    for (let i = 0; i < 5; i++) expect(sampler.rankBridges(rngFor(42, 'bridge', i), [eur, gbp]).map((b) => b.bridge.id)).toEqual(['usd-to-gbp', 'usd-to-eur']);
  });

  it('words a bridge with the least used of its wordings', () => {
    const sampler = new BalancedSampler(new TaskPool([fare('a', '2026-05-10')], registry));
    const member = { task: fare('x', '2026-05-11'), root: 'bridge:words-in-text', run: { calls: {}, finalState: {}, problems: [] }, wording: 'words-in-text#0' };
    sampler.commit([member]);
    sampler.commit([{ ...member, wording: 'words-in-text#2' }]);
    for (let i = 0; i < 5; i++) expect(sampler.pickWording(rngFor(42, 'wording', i), 'words-in-text', 3)).toBe(1);
  });

  it('puts a value through the follow-up it has had least, before balancing the bridges', () => {
    const sampler = new BalancedSampler(new TaskPool([fare('a', '2026-05-10')], registry));
    const [eur, gbp] = [bridge('usd-to-eur'), bridge('usd-to-gbp')];
    const member = (id: string) => ({ task: fare(id, '2026-05-11'), root: `bridge:${id}`, run: { calls: {}, finalState: {}, problems: [] } });
    // Pounds were used twice on other values, euros once, on 1000 dollars.
    sampler.commit([member('usd-to-gbp')]);
    sampler.commit([member('usd-to-gbp')]);
    sampler.commit([member('usd-to-eur')], [], [followUpKey(eur, [{ value: 1000 }])]);
    const pick = (value: number) => sampler.rankBridges(rngFor(42, 'follow-up', value), [eur, gbp], (c) => followUpKey(c, [{ value }]))[0]!.bridge.id;
    expect(pick(1000)).toBe('usd-to-gbp');
    expect(pick(2000)).toBe('usd-to-eur');
  });
});

describe('bridge choices a reader agrees with', () => {
  it('counts words only of a one-line text of plain words', () => {
    const words = bridge('words-in-text');
    expect(takes(words, 0, { type: 'text.tweet', value: "Slides from tonight's talk are on my blog. #meetup" })).toBe(true);
    expect(takes(words, 0, { type: 'text.line', value: '2024-04-12 08:05:42 ERROR payment webhook timed out' })).toBe(true);
    // A checklist's marks and a file of several lines leave a person unsure what to count.
    expect(takes(words, 0, { type: 'text.body', value: '# April\n- [x] file taxes\n- [ ] book dentist' })).toBe(false);
    expect(takes(words, 0, { type: 'text.body', value: '- [x] file taxes' })).toBe(false);
    expect(takes(words, 0, { type: 'text.line', value: 'Total due: "$1,250.00"' })).toBe(false);
  });

  it('converts only sizes whose kilobytes keep every digit the converter gives', () => {
    const kb = bridge('bytes-to-kb');
    expect(takes(kb, 0, { type: 'data.bytes', value: 119885 })).toBe(true);
    expect(takes(kb, 0, { type: 'data.bytes', value: 12_345_678 })).toBe(false);
  });

  it('words every query so that the contract can accept it (no tool description, no code name, one question)', () => {
    for (const { toolkit, bridge: b } of bridges.flatMap((e) => [e.bridge.query, ...e.bridge.alternatives].map((query) => ({ ...e, bridge: { ...e.bridge, query } })))) {
      expect(b.query.match(/\{input\d?\}/g)?.length, b.id).toBe(b.takes.length);
      const query = b.query.replace(/\{input(\d?)\}/g, (_, n: string) => `the value from T${n || 1}`);
      const task: Task = { id: 'T9', toolkit, query: query[0]!.toUpperCase() + query.slice(1), calls: [], answer: { $ref: b.answer } };
      expect(
        checkContract(task, { answer: undefined }, registry).map((p) => p.rule),
        b.id,
      ).toEqual([]);
    }
  });

  it('writes no code in brackets, no format tag, and never asks for an exact amount', () => {
    for (const { bridge: b } of bridges) {
      for (const q of b.alternatives) expect(q, b.id).not.toMatch(/\([A-Z]{2,}\)|\ban ISO date\b|\bexact\b|converting from/i);
      expect(b.query, b.id).not.toMatch(/\([A-Z]{2,}\)|\ban ISO date\b|\bexact\b|converting from/i);
    }
  });
});
