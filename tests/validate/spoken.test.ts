import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { LanguageLayer } from '../../pipeline/schema/language.ts';
import { pathStated, queryStates, spokenForm } from '../../pipeline/validate/literals.ts';
import { checkTaskStructure } from '../../pipeline/validate/task.ts';
import type { Task } from '../../pipeline/schema/task.ts';

const registry = await loadRegistry();
const math = registry.toolkit('math')!.language;
const format = registry.toolkit('data_format')!.language;

/** A one-call task of the given toolkit: the literal check is what these tests read. */
const task = (toolkit: string, query: string, tool: string, args: Task['calls'][number]['args']): Task => ({ id: 't', toolkit, query, calls: [{ id: 'c1', tool, args }], answer: { $ref: 'c1' } });
const unstated = (t: Task) => checkTaskStructure(t, registry).filter((p) => /is not stated in the query/.test(p.message));

describe('spoken forms of code values', () => {
  it('phrase kind: a unit code said by its name or symbol counts as stated, by semantic type', () => {
    const unit = spokenForm(math, 'imperial_si_conversion', 'unit_in');
    expect(queryStates('My thermometer reads 100.9 °F.', 'degF', unit)).toBe(true);
    expect(queryStates('It is 100.9°F outside.', 'degF', unit)).toBe(true);
    expect(queryStates('What is that in Celsius?', 'degC', unit)).toBe(true);
    expect(queryStates('A relay covers 26.2 miles.', 'mi', unit)).toBe(true);
    // A form is whole words ("Fahrenheitish" says no Fahrenheit), and a code is stated by its own forms only.
    expect(queryStates('It feels Fahrenheitish.', 'degF', unit)).toBe(false);
    expect(queryStates('What is that in Celsius?', 'degF', unit)).toBe(false);
  });

  it('phrase kind keyed by one parameter wins: an exponent of 2 is "squared", 0 decimal places "the nearest whole number"', () => {
    expect(queryStates('divide my weight by my height squared', 3, spokenForm(math, 'power', 'exponent'))).toBe(false);
    expect(queryStates('divide my weight by my height squared', 2, spokenForm(math, 'power', 'exponent'))).toBe(true);
    expect(queryStates('What percentage is that, to the nearest whole percent?', 0, spokenForm(math, 'round_number', 'decimal_places'))).toBe(true);
    // The same number in another slot has no such form.
    expect(spokenForm(math, 'add', 'a')).toBeUndefined();
  });

  it('path kind: a field path said in words, indexes as ordinals and keys singular, plural or by a listed phrase', () => {
    const path = spokenForm(format, 'fmt_extract_field', 'path');
    expect(queryStates('What is the item of the third record?', '[2].item', path)).toBe(true);
    expect(queryStates("Write the second member's join date in words.", 'members[1].since', path)).toBe(true);
    expect(queryStates('save just its order lines as a new document', 'order.lines.line', path)).toBe(true);
    expect(queryStates('What is the item of the second record?', '[2].item', path)).toBe(false);
    expect(queryStates('What is the database port?', 'database.host', path)).toBe(false);
    expect(pathStated('the fourteenth row', '[13].name')).toBe(false);
  });

  it('the literal check of a task reads the forms: the code need not reach prose, an unstated one is still reported', () => {
    expect(unstated(task('math', 'My thermometer reads 100.9 °F. What is that in Celsius?', 'imperial_si_conversion', { value: 100.9, unit_in: 'degF', unit_out: 'degC' }))).toEqual([]);
    const bad = unstated(task('math', 'My thermometer reads 100.9. What is that in Celsius?', 'imperial_si_conversion', { value: 100.9, unit_in: 'degF', unit_out: 'degC' }));
    expect(bad.map((p) => p.path)).toEqual(['$.calls[0].args.unit_in']);
  });

  it('the language schema types the forms: prose phrases only, a path kind with key phrases', () => {
    expect(LanguageLayer.safeParse({ spoken: { unit: { degF: ['°F'] } } }).success).toBe(true);
    expect(LanguageLayer.safeParse({ spoken: { 'path.field': { kind: 'path', keys: { since: ['joined'] } } } }).success).toBe(true);
    expect(LanguageLayer.safeParse({ spoken: { unit: { degF: ['deg_f'] } } }).success).toBe(false);
    expect(LanguageLayer.safeParse({ spoken: { unit: { degF: [] } } }).success).toBe(false);
    expect(LanguageLayer.safeParse({ spoken: { 'Not A Key': { degF: ['°F'] } } }).success).toBe(false);
  });

  it('a toolkit whose spoken key names a missing parameter or an unused type fails at load, naming file and key', async () => {
    for (const [key, message] of [
      ['counter_add.amont', /parameter "amont" of counter_add/],
      ['amount.unit', /neither function.param nor the semantic type/],
    ] as const) {
      // Beside the fixture toolkits, so the copied simulator's relative import still resolves.
      const dir = mkdtempSync(join('tests', 'fixtures', 'toolkits-spoken-'));
      try {
        cpSync(join('tests', 'fixtures', 'toolkits', 'counter'), join(dir, 'counter'), { recursive: true });
        writeFileSync(join(dir, 'counter', 'language.yaml'), `spoken:\n  ${key}:\n    2: [two]\n`);
        await expect(loadRegistry([dir])).rejects.toThrow(message);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
