import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { executeGold } from '../../pipeline/world/execute.ts';
import { bridgesOf, producedBy, realiseBridge, takes } from '../../pipeline/stages/compose/bridges.ts';
import { bestNoun } from '../../pipeline/validate/reference.ts';
import type { Task } from '../../pipeline/schema/task.ts';

const registry = await loadRegistry();
const bridges = bridgesOf(registry);
const results = [...registry.toolkits.values()].flatMap((tk) => Object.entries(tk.language.results).map(([key, r]) => ({ toolkit: tk.def.name, key, ...r })));

/** A travel task whose answer is the fare it paid, as the seeds write it. */
const fareTask: Task = {
  id: 'fare',
  toolkit: 'travel',
  query: 'How much is an economy flight on 2026-05-14 from CRH to HKG?',
  calls: [{ id: 'c1', tool: 'get_flight_cost', args: { travel_from: 'CRH', travel_to: 'HKG', travel_date: '2026-05-14', travel_class: 'economy' } }],
  answer: { $ref: 'c1.travel_cost_list[0]' },
};
const pooled = (task: Task) => ({ task, root: task.id, run: executeGold(task, registry) });

describe('the bridge catalogue', () => {
  it('has follow-ups of every kind a person chains: conversions, counts, sending, filing, fan-in', () => {
    const ids = bridges.map((b) => b.bridge.id);
    expect(ids).toEqual(expect.arrayContaining(['usd-to-eur', 'km-to-miles', 'words-in-text', 'send-to-bob', 'ticket-for-error', 'cash-after-fare']));
    expect(bridges.some((b) => b.bridge.takes.length === 2)).toBe(true);
  });

  it('retires the arithmetic nobody asks of another errand (x3, squared, halved, largest of unrelated counts)', () => {
    const tools = bridges.flatMap((b) => b.bridge.calls.map((c) => c.tool));
    for (const gone of ['power', 'multiply', 'divide', 'max_value', 'sum_values']) expect(tools).not.toContain(gone);
  });

  it('takes only answers some toolkit reports, and every listed answer feeds a bridge of another toolkit', () => {
    for (const b of bridges) {
      b.bridge.takes.forEach((types, slot) => {
        expect(
          results.some((r) => r.toolkit !== b.toolkit && types.includes(r.type)),
          `${b.bridge.id} input ${slot + 1}`,
        ).toBe(true);
      });
    }
    for (const r of results)
      expect(
        bridges.some((b) => b.toolkit !== r.toolkit && b.bridge.takes.some((t) => t.includes(r.type))),
        `${r.toolkit} ${r.key}`,
      ).toBe(true);
  });

  it('writes its queries with one slot per input and no form wording', () => {
    for (const { bridge } of bridges) {
      const slots = bridge.query.match(/\{input\d?\}/g) ?? [];
      expect(slots.length, bridge.id).toBe(bridge.takes.length);
      expect(bridge.query, bridge.id).not.toMatch(/\btask\b|_/);
    }
  });
});

describe('a bridge task', () => {
  it('names the producer by the noun its query uses, once, after the value', () => {
    expect(bestNoun(['the fare', 'the flight fare'], fareTask.query)).toBe('the flight fare');
    expect(bestNoun(['the fare', 'the flight fare'], 'Book a seat from SFO to JFK on my card. Tell me the fare I paid.')).toBe('the fare');
    expect(bestNoun(['the fare', 'the flight fare'], 'Book a seat from SFO to JFK on my card.')).toBeUndefined();
    // A tie goes to the phrase that adds no word the producer never said: a "Total due" line is no error line.
    expect(bestNoun(['the error line', 'the line'], 'Tell me the line of that file that says Total due.')).toBe('the line');
    expect(bestNoun(['the error line', 'the line'], 'Pull the first ERROR line out of server.log and tell me that line.')).toBe('the error line');
    const produced = producedBy(pooled(fareTask), registry)!;
    expect(produced).toMatchObject({ ref: 'c1.travel_cost_list[0]', type: 'money.usd.fare', noun: 'the flight fare' });
    const cover = bridges.find((b) => b.bridge.id === 'cover-fare-from-cash')!;
    const r = realiseBridge(
      cover,
      [{ ...produced, tid: 'T1' }],
      registry,
      () => pooled(fareTask).run,
      () => ({ ...fareTask, id: 'T1' }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.entry.task.query).toBe('Cover the flight fare from T1 with cash from my trading account by withdrawing that amount to my card. How much cash is left in the account?');
  });

  it('hands on only the answer, and nothing when the producer query never names it', () => {
    const silent = { ...fareTask, query: 'Look up an economy seat on 2026-05-14 from CRH to HKG for me.' };
    expect(producedBy(pooled(silent), registry)).toBeUndefined();
    const sideField = { ...fareTask, answer: 'ok' };
    expect(producedBy(pooled(sideField), registry)).toBeUndefined();
  });

  it('files a ticket only about an error line', () => {
    const ticket = bridges.find((b) => b.bridge.id === 'ticket-for-error')!;
    expect(takes(ticket, 0, { type: 'text.line', value: '2024-04-12 08:05:42 ERROR payment webhook timed out' })).toBe(true);
    expect(takes(ticket, 0, { type: 'text.line', value: '12:00 panel output 4.2 kW' })).toBe(false);
    expect(takes(ticket, 0, { type: 'text.tweet', value: 'ERROR everywhere today' })).toBe(false);
  });
});
