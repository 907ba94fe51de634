import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { rngFor } from '../../pipeline/core/rng.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { executeGold, initialStateFor } from '../../pipeline/world/execute.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import { loadTemplates } from '../../pipeline/stages/evolve/templates.ts';
import { valuesOperator, linkedLiterals, agreeNumber, typedPool } from '../../pipeline/stages/evolve/rules/values.ts';
import { rewordOperator } from '../../pipeline/stages/evolve/rules/reword.ts';
import type { Proposal, RuleOperator } from '../../pipeline/stages/evolve/operator.ts';

const registry = await loadRegistry();
const seed = (file: string, id: string): Task => (parse(readFileSync(new URL(`../../seeds/${file}.yaml`, import.meta.url), 'utf8')) as Task[]).find((t) => t.id === id)!;

/** Every proposal an operator makes for a task over some draws. */
function proposals(op: RuleOperator, task: Task, draws = 12): Proposal[] {
  const toolkit = registry.toolkit(task.toolkit)!;
  const run = executeGold(task, registry);
  return Array.from({ length: draws }, (_, i) => op.propose(task, { registry, toolkit, run, rng: rngFor(42, 'test', task.id, i), templates: loadTemplates(), maxCalls: 6 }));
}
const made = (ps: Proposal[]) => ps.flatMap((p) => ('task' in p ? [p.task] : []));

describe('the values operator draws by semantic type and keeps stated facts true', () => {
  it('takes values from the language layer list of the slot (parameter first, then type)', () => {
    const travel = registry.toolkit('travel')!.language;
    expect(typedPool(travel, 'book_flight', 'travel_from')).toContain('JFK');
    expect(typedPool(travel, 'compute_exchange_rate', 'target_currency')).not.toContain('USD');
    // A slot with no list keeps its value: a table, a file, an operation carry meaning.
    expect(typedPool(registry.toolkit('data_management')!.language, 'db_aggregate', 'table')).toBeUndefined();
  });

  it('never renames one of two literals that belong together', () => {
    expect(linkedLiterals('orders', ['orders', 'orders_archive'])).toBe(true);
    expect(linkedLiterals('shopping_list.txt', ['shopping_list.txt', 'shopping_sorted.txt'])).toBe(true);
    expect(linkedLiterals('MSFT', ['MSFX', 'MSFT'])).toBe(true);
    expect(linkedLiterals('NVDA', ['NVDA', 'Nvidia shares'])).toBe(false);
  });

  it('makes a counted noun agree with the new number', () => {
    expect(agreeNumber('Round it to 0 decimal place.', 0)).toBe('Round it to 0 decimal places.');
    expect(agreeNumber('Show me the last 1 lines.', 1)).toBe('Show me the last 1 line.');
    // A count used as a modifier keeps its form.
    expect(agreeNumber('Can I make a 120 mile drive?', 120)).toBe('Can I make a 120 mile drive?');
  });

  it('leaves a snapshot restored under a name derived from its table alone (no customers table as orders_archive)', () => {
    for (const p of proposals(valuesOperator, seed('data_management', 'data_management-005'))) expect(p).toHaveProperty('inapplicable');
  });

  it('draws airports, dates and classes a flight task can take, with "first-class" written as English', () => {
    const children = made(proposals(valuesOperator, seed('travel', 'travel-011')));
    expect(children.length).toBeGreaterThan(0);
    const airports = new Set(registry.toolkit('travel')!.language.values['airport.code']);
    for (const c of children) {
      const booking = c.calls.find((x) => x.tool === 'book_flight')!;
      expect(airports.has(booking.args.travel_from as string)).toBe(true);
      expect(c.query).not.toMatch(/\ba first (flight|seat)\b/);
    }
  });

  it('never swaps a name a pronoun refers to, nor makes a child that differs only in a random seed', () => {
    // "Look up Catherine's user id and send her ...": the only typed slot is the name under "her".
    for (const p of proposals(valuesOperator, seed('message', 'message-001'))) expect(p).toHaveProperty('inapplicable');
    // gen_fake_profile: seed only, or the country too; a seed-only draw is refused as a copy.
    const ps = proposals(valuesOperator, seed('data_generation', 'data_generation-010'), 20);
    for (const c of made(ps)) expect(c.query).not.toMatch(/living in Japan, drawn from seed 314/);
  });
});

describe('the values operator keeps every step doing something and every code what the query means', () => {
  it('never adds a stock to a watchlist that already holds it (a step the child makes a no-op)', () => {
    const watchlist = (initialStateFor(registry, 'trading') as { watch_list: string[] }).watch_list;
    expect(watchlist.length).toBeGreaterThan(1);
    const kids = made(proposals(valuesOperator, seed('trading', 'trading-012'), 24));
    expect(kids.length).toBeGreaterThan(0);
    for (const child of kids) expect(watchlist).not.toContain(child.calls.find((c) => c.tool === 'add_to_watchlist')!.args.stock);
  });

  it('never sets an optional cap that no longer cuts anything ("a slug of at most 40 characters" of a 22-character title)', () => {
    // Every other cap on offer (30 to 60) is longer than this 22-character title: no child at all.
    expect(made(proposals(valuesOperator, seed('string_manipulation', 'string_manipulation-021'), 24))).toEqual([]);
    const title = 'Quarterly Sales Review for the Northern Region';
    const longer: Task = {
      id: 't',
      toolkit: 'string_manipulation',
      query: `Make a URL slug of at most 20 characters from the title "${title}".`,
      calls: [{ id: 'c1', tool: 'str_slugify', args: { text: title, max_length: 20 } }],
      answer: { $ref: 'c1.slug' },
    };
    const caps = made(proposals(valuesOperator, longer, 24)).map((child) => child.calls[0]!.args.max_length as number);
    expect(caps.length).toBeGreaterThan(0);
    for (const cap of caps) expect(cap).toBeLessThan(title.length);
  });

  it('never swaps a code outside its list: a kebab-case CSS class name stays kebab-case', () => {
    const task: Task = {
      id: 't',
      toolkit: 'string_manipulation',
      query: 'What is backgroundColorHoverState in kebab-case?',
      calls: [{ id: 'c1', tool: 'str_change_case', args: { text: 'backgroundColorHoverState', style: 'kebab' } }],
      answer: { $ref: 'c1.result' },
    };
    for (const p of proposals(valuesOperator, task)) expect(p).toHaveProperty('inapplicable');
  });
});

describe('the reword operator writes what a person would, never a canned preamble', () => {
  const canned = /Please handle this|Thanks in advance|I need some help|Quick request|Here is what I need|take care of this|fairly urgent|When you get a moment/;

  it('turns a closing request into a question or back, or opens an imperative with "Please"', () => {
    const fare = made(proposals(rewordOperator, seed('travel', 'travel-004')));
    expect(fare.map((t) => t.query)).toContainEqual(expect.stringMatching(/What is the fare I paid\?$/));
    const status = made(proposals(rewordOperator, seed('ticket', 'ticket-011')));
    expect(status.map((t) => t.query)).toContain('Tell me the status of ticket 4788.');
  });

  it('never adds a second question, a canned phrase, or a change to a stated value', () => {
    const seeds = ['data_format', 'math', 'travel', 'ticket', 'vehicle'].flatMap((f) => parse(readFileSync(new URL(`../../seeds/${f}.yaml`, import.meta.url), 'utf8')) as Task[]);
    for (const task of seeds) {
      for (const child of made(proposals(rewordOperator, task, 3))) {
        expect(child.query).not.toMatch(canned);
        expect((child.query.match(/\?/g) ?? []).length).toBeLessThanOrEqual(Math.max(1, (task.query.match(/\?/g) ?? []).length));
        expect(child.calls).toEqual(task.calls);
      }
    }
  });

  it('says "Please" only where the query opens with a request, never after the scene is set', () => {
    const task: Task = { id: 't', toolkit: 'math', query: 'I have two numbers. Add 2 and 3.', calls: [{ id: 'c1', tool: 'add', args: { a: 2, b: 3 } }], answer: { $ref: 'c1.result' } };
    for (const p of proposals(rewordOperator, task, 6)) expect(p).toHaveProperty('inapplicable');
    const opening = made(proposals(rewordOperator, { ...task, query: 'Add 2 and 3.' }, 6));
    expect(opening.map((t) => t.query)).toContain('Please add 2 and 3.');
  });

  it('never makes "Tell me X, then do Y." a question', () => {
    const task: Task = { id: 't', toolkit: 'math', query: 'Tell me the sum of 2 and 3, then add 4 to it.', calls: [{ id: 'c1', tool: 'add', args: { a: 2, b: 3 } }], answer: { $ref: 'c1.result' } };
    for (const child of made(proposals(rewordOperator, task, 12))) expect(child.query).not.toMatch(/\?$/);
    // The same request without the second step does become a question, so the rule above is what held it back.
    const single = made(proposals(rewordOperator, { ...task, query: 'Tell me the sum of 2 and 3.' }, 12));
    expect(single.some((child) => child.query.endsWith('?'))).toBe(true);
  });

  it('offers nothing where no rewording fits', () => {
    const plain: Task = { id: 't', toolkit: 'math', query: 'Is 2 plus 3 more than 4?', calls: [{ id: 'c1', tool: 'add', args: { a: 2, b: 3 } }], answer: { $ref: 'c1.result' } };
    for (const p of proposals(rewordOperator, plain, 3)) expect(p).toHaveProperty('inapplicable');
  });
});

describe('reword joints', () => {
  it('joins two steps with "and then" only before a verb, never between two folder names', () => {
    const folders = seed('filesystem', 'filesystem-017');
    for (const child of made(proposals(rewordOperator, folders, 12))) expect(child.query).not.toMatch(/In projects, and then solar_tracker/);
  });
});

describe('reword questions about a pronoun', () => {
  it('never turns "What is that in Celsius?" into "Tell me that in Celsius."', () => {
    for (const child of made(proposals(rewordOperator, seed('math', 'math-007'), 12))) expect(child.query).not.toMatch(/Tell me that in/);
  });
});
