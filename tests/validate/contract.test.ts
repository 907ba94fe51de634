import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { checkContract, CONTRACT_RULES, sharedRun, type ContractRule } from '../../pipeline/validate/contract.ts';
import type { Task } from '../../pipeline/schema/task.ts';

const registry = await loadRegistry();

/** A one-call math task; each test breaks one rule of it. */
function task(query: string, extra: Partial<Task> = {}): Task {
  return { id: 't', toolkit: 'math', query, calls: [{ id: 'c1', tool: 'add', args: { a: 2, b: 3 } }], answer: { $ref: 'c1.result' }, ...extra };
}
const rules = (t: Task, answer: unknown, peer?: Task) => checkContract(t, { answer }, registry, '$', (tid) => (tid === 'T1' ? peer : undefined)).map((p) => p.rule);

/** The task T1 of a sample, which a bridge task below takes the answer of. */
const producer: Task = {
  id: 'T1',
  toolkit: 'vehicle',
  query: 'How far is it from San Francisco to Stonebrook? Look up both zip codes and estimate the distance.',
  calls: [{ id: 'c3', tool: 'estimate_distance', args: { cityA: '94016', cityB: '74532' } }],
  answer: { $ref: 'c3.distance' },
};
/** A task that adds 3 to T1's answer, with the query given. */
const linked = (query: string) => task(query, { calls: [{ id: 'c1', tool: 'add', args: { a: { $ref: 'c3.distance', task: 'T1' }, b: 3 } }] });

describe('the task contract', () => {
  it('accepts a plain question with a scalar answer', () => {
    expect(rules(task('What is 2 plus 3?'), 5)).toEqual([]);
  });

  const cases: [ContractRule, Task, unknown, Task?][] = [
    // The whole description of round_number, pasted into prose.
    ['description-overlap', task('Add 2 and 3, then round a number to a number of decimal places please.'), 5],
    ['code-name', task('Use round_number after adding 2 and 3.'), 5],
    ['code-name', task('Call fillFuelTank with 2 and 3.'), 5],
    ['one-question', task('What is 2 plus 3? And what is 3 plus 2?'), 5],
    ['answer-empty', task('Add 2 and 3.'), ''],
    ['answer-object', task('Add 2 and 3.'), { result: 5 }],
    ['answer-object', task('Add 2 and 3.'), [{ result: 5 }]],
    ['answer-long', task('Add 2 and 3.'), Array.from({ length: 11 }, (_, i) => i)],
    ['answer-long', task('Add 2 and 3.'), 'first\nsecond'],
    ['answer-status', task('Add 2 and 3.'), 'Ticket 4816 updated: status.'],
    ['answer-unasked-id', task('Add 2 and 3.'), 'bk_5e0c2f91d7a4'],
    ['answer-unasked-id', task('Add 2 and 3.', { answer: { $ref: 'c1.message_id' } }), 767043814],
    ['decimals', task('Add 2 and 3.'), 5.125],
    ['decimals', task('Add 2 and 3, to 1 decimal place.'), 5.25],
    // The query asks for a whole record; the gold answer is one field of it.
    ['asks-more', task('Add 2 and 3, then show me the details of that sum.'), 5],
    ['asks-more', task('Add 2 and 3 and give me the full details of the result.'), 5],
    // Two things asked, one answered.
    ['asks-more', task('Give me 2 plus 3 both as a number and as a word.'), 5],
    ['asks-more', task('How many is 2 plus 3, and how many is 3 plus 2?'), 5],
    // A list asked for, then one value of it.
    ['asks-more', task('Please list the sums of 2 and 3, cheapest first. Tell me the first one.'), 5],
    // Nothing asked back, and the answer is an earlier step's value (the sum, not the rounded sum).
    [
      'answer-unasked',
      task('Add 2 and 3 and round the sum to 0 decimal places.', {
        calls: [
          { id: 'c1', tool: 'add', args: { a: 2, b: 3 } },
          { id: 'c2', tool: 'round_number', args: { number: { $ref: 'c1.result' }, decimal_places: 0 } },
        ],
      }),
      5,
    ],
    // "6 significant digits" and a 16-digit answer.
    ['significant-digits', task('Add 2 and 3 with 6 significant digits.'), 1.698970079421997],
    [
      'link-off-path',
      task('Add 2 and 3.', {
        calls: [
          { id: 'c1', tool: 'add', args: { a: 2, b: 3 } },
          { id: 'c2', tool: 'add', args: { a: { $ref: 'c1.result', task: 'T1' }, b: 3 } },
        ],
      }),
      5,
    ],
    // Two precisions in one task: stated in the query, or passed by the gold beside a rounding.
    ['two-precisions', task('What is the base 2 logarithm of 1500, to 8 significant digits? Round it to 2 decimal places.'), 10.55],
    [
      'two-precisions',
      task('What is the base 2 logarithm of 1500, rounded to 2 decimal places?', {
        calls: [
          { id: 'c1', tool: 'logarithm', args: { value: 1500, base: 2, precision: 8 } },
          { id: 'c2', tool: 'round_number', args: { number: { $ref: 'c1.result' }, decimal_places: 2 } },
        ],
        answer: { $ref: 'c2.result' },
      }),
      10.55,
    ],
    // A code where a person says a word: the reader's verbatim rejects.
    [
      'code-value',
      task('My thermometer reads 100.9 degF. What is that in Celsius?', { calls: [{ id: 'c1', tool: 'imperial_si_conversion', args: { value: 100.9, unit_in: 'degF', unit_out: 'degC' } }] }),
      38.3,
    ],
    [
      'code-value',
      {
        ...task('What is the item of the third record, at [2].item?', { calls: [{ id: 'c1', tool: 'fmt_extract_field', args: { document_id: 'fdoc_1', path: '[2].item' } }] }),
        toolkit: 'data_format',
      },
      'washer',
    ],
    [
      'code-value',
      {
        ...task('Export a json snapshot of the orders table. Tell me the snapshot id.', {
          calls: [{ id: 'c1', tool: 'db_export_snapshot', args: { table: 'orders', format: 'json' } }],
          answer: { $ref: 'c1.snapshot_id' },
        }),
        toolkit: 'data_management',
      },
      'snap_34fd2f7c2c04',
    ],
    // The blind reader's verbatim rejects: the field noun and "in task T1" of a form.
    ['task-meta', linked('What is the distance in task T1 plus 3?'), 5, producer],
    ['link-noun', linked('What is the driving range from T1 plus 3?'), 5, producer],
    ['link-noun', linked('What is 3 plus T1?'), 5, producer],
    ['link-noun', linked('What is the distance from T1 plus 3, the one T1 gave?'), 5, producer],
  ];
  it.each(cases)('%s: a small failing fixture is rejected with a message naming the fix', (rule, t, answer, peer) => {
    const problems = checkContract(t, { answer }, registry, '$', (tid) => (tid === 'T1' ? peer : undefined));
    expect(problems.map((p) => p.rule)).toContain(rule);
    expect(problems.find((p) => p.rule === rule)!.message).toMatch(new RegExp(`^contract:${rule}: `));
  });

  it('has a failing fixture for every rule', () => {
    expect(new Set(cases.map(([r]) => r))).toEqual(new Set(CONTRACT_RULES));
  });

  it('lets through what the query asks for: ids, texts, stated rounding, pasted ids and literal names', () => {
    expect(rules(task('Add 2 and 3 and tell me the message id.', { answer: { $ref: 'c1.message_id' } }), 767043814)).toEqual([]);
    expect(rules(task('Add 2 and 3 and show me the text.'), 'first\nsecond')).toEqual([]);
    expect(rules(task('Add 2 and 3, to 3 decimal places.'), 5.125)).toEqual([]);
    expect(rules(task('Add 2 and 3 for booking bk_5e0c2f91d7a4.'), 5)).toEqual([]);
    // A snake_case name the user typed as an argument value is data.
    const named = task('Add 2 and 3 in table orders_archive.', { calls: [{ id: 'c1', tool: 'add', args: { a: 2, b: 3, note: 'orders_archive' } }] });
    expect(rules(named, 5)).toEqual([]);
  });

  it('lets through a unit people write (km, psi) and a code beside its spoken form', () => {
    const conv = (query: string, args: Record<string, string | number>) => task(query, { calls: [{ id: 'c1', tool: 'imperial_si_conversion', args }] });
    expect(rules(conv('My tires are at 32 psi. What is that in kPa?', { value: 32, unit_in: 'psi', unit_out: 'kPa' }), 220.6)).toEqual([]);
    expect(rules(conv('How many km is a 5 mile walk?', { value: 5, unit_in: 'mi', unit_out: 'km' }), 8.05)).toEqual([]);
    expect(rules(conv('I am 70 inches tall. What is that in metres?', { value: 70, unit_in: 'in', unit_out: 'm' }), 1.78)).toEqual([]);
    const snapshot = {
      ...task('Export a JSON snapshot of the orders table. Tell me the snapshot id.', {
        calls: [{ id: 'c1', tool: 'db_export_snapshot', args: { table: 'orders', format: 'json' } }],
        answer: { $ref: 'c1.snapshot_id' },
      }),
      toolkit: 'data_management',
    };
    expect(rules(snapshot, 'snap_34fd2f7c2c04')).toEqual([]);
  });

  it('lets through one question over a list, instructions naming two things, and stated digits', () => {
    // A list can hold both things; "send both Alice and Bob" is an instruction, not a request.
    expect(rules(task('Add 2 and 3 and show me the details.'), [5, 'five'])).toEqual([]);
    expect(rules(task('Send both Alice and Bob the sum of 2 and 3, and tell me the sum.'), 5)).toEqual([]);
    expect(rules(task('Verify my traveler details, then add 2 and 3. What is the sum?'), 5)).toEqual([]);
    expect(rules(task('Add 2 and 3 to six significant digits.'), 715.256)).toEqual([]);
    // A plain instruction whose last step is the answer asks for its outcome ("Add 2 and 3.").
    expect(rules(task('Add 2 and 3.'), 5)).toEqual([]);
  });

  it('lets through a reference in the words of the producer query, naming the producer once', () => {
    expect(rules(linked('What is the distance from T1 plus 3?'), 5, producer)).toEqual([]);
    expect(rules(linked('Add 3 to the driving distance from T1. What do you get?'), 5, producer)).toEqual([]);
  });

  it('measures the longest shared word run, ignoring case and punctuation', () => {
    expect(sharedRun('Please, Round a number to two places', 'Round a number to a number of decimal places.')).toEqual({ length: 4, text: 'round a number to' });
  });
});
