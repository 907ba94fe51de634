import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILTIN_TOOLKITS_DIR, loadRegistry, loadToolkitDir, Registry } from '../../pipeline/world/registry.ts';
import { ToolkitError } from '../../pipeline/core/errors.ts';
import { languageGaps } from '../../pipeline/language/coverage.ts';

const fixture = resolve(import.meta.dirname, '../fixtures/toolkits/counter');

function copyFixture(edit: (dir: string) => void): string {
  // Same depth below the repository as the fixture: its simulator imports the pipeline relatively.
  const base = resolve(import.meta.dirname, '../../output/.test-language');
  mkdirSync(base, { recursive: true });
  const dir = join(mkdtempSync(join(base, 'tk-')), 'counter');
  cpSync(fixture, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('language layer', () => {
  it('every built-in toolkit has a language.yaml whose keys name its functions and result fields', async () => {
    const registry = await loadRegistry();
    expect(registry.toolkits.size).toBe(12);
    for (const tk of registry.toolkits.values()) {
      expect(tk.dir.startsWith(BUILTIN_TOOLKITS_DIR)).toBe(true);
      for (const [key, entry] of Object.entries(tk.language.results)) {
        const fn = tk.def.functions.find((f) => f.name === key.slice(0, key.indexOf('.')))!;
        // The first step of the path is a declared result property: a typo cannot hide.
        const first = key.slice(key.indexOf('.') + 1).split(/[.[]/)[0]!;
        const props = (fn.returns as { properties?: Record<string, unknown> }).properties ?? {};
        expect(Object.keys(props), `${tk.def.name}: ${key}`).toContain(first);
        for (const noun of entry.nouns) expect(noun).not.toMatch(/_/);
      }
    }
  });

  it('covers every function of every built-in toolkit: phrasings, parameter types, result nouns', async () => {
    const registry = await loadRegistry();
    const functions = [...registry.toolkits.values()].reduce((n, tk) => n + tk.def.functions.length, 0);
    expect(functions).toBeGreaterThan(150);
    for (const tk of registry.toolkits.values()) expect(languageGaps(tk), tk.def.name).toEqual([]);
  });

  it('names each gap: a function without phrasings, an untyped parameter, a result without a noun, a stray slot', async () => {
    const dir = copyFixture((d) =>
      writeFileSync(
        join(d, 'language.yaml'),
        ['functions:', '  counter_add:', '    phrasings: ["Add {amount} to {counter}.", "How much is {name} after adding {amount}?"]', '    params: { name: name.counter }', '    results: {}'].join(
          '\n',
        ) + '\n',
      ),
    );
    const tk = await loadToolkitDir(dir);
    expect(languageGaps(tk)).toEqual([
      'counter_add: parameter amount has no semantic type',
      'counter_add: the phrasing "Add {amount} to {counter}." has a slot {counter} that is no parameter',
      'counter_get: no entry in language.yaml functions; add phrasings, params and results',
    ]);
  });

  it('refuses phrasings without a question or without an imperative', async () => {
    const dir = copyFixture((d) =>
      writeFileSync(join(d, 'language.yaml'), 'functions:\n  counter_get:\n    phrasings: ["Read {name}.", "Show {name}."]\n    params: { name: name.counter }\n    results: {}\n'),
    );
    await expect(loadToolkitDir(dir)).rejects.toThrow(/at least one imperative and one question/);
  });

  it('rejects a key naming a function the toolkit does not define', async () => {
    const dir = copyFixture((d) => writeFileSync(join(d, 'language.yaml'), 'results:\n  counter_nope.total: { type: count, nouns: [the total] }\n'));
    await expect(loadToolkitDir(dir)).rejects.toThrow(/names function "counter_nope", which toolkit.yaml does not define/);
  });

  it('rejects a noun with a snake_case name and a malformed semantic type', async () => {
    const dir = copyFixture((d) => writeFileSync(join(d, 'language.yaml'), 'results:\n  counter_add.total: { type: Count, nouns: [the new_total] }\n'));
    const err = await loadToolkitDir(dir).catch((e) => e);
    expect(err).toBeInstanceOf(ToolkitError);
    expect(String(err.message)).toMatch(/semantic type/);
    expect(String(err.message)).toMatch(/snake_case/);
  });
});

describe('strict parameter schemas', () => {
  it('a description with an unquoted comma (a stray schema key) fails at load, naming the function', async () => {
    const dir = copyFixture((d) => {
      const file = join(d, 'toolkit.yaml');
      const text = readFileSync(file, 'utf8');
      const next = text.replace('amount: { type: integer }', 'amount: { type: integer, description: The amount to add, in units. }');
      expect(next).not.toBe(text);
      writeFileSync(file, next);
    });
    const tk = await loadToolkitDir(dir);
    expect(() => new Registry().add(tk)).toThrow(/parameter schema of "counter_add" does not compile: .*unknown keyword: "in units\."/);
  });

  it('every built-in function has a parameter schema that compiles (they compile on first use, not at load)', async () => {
    const registry = await loadRegistry();
    expect(registry.functions.size).toBeGreaterThan(100);
    for (const name of registry.functions.keys()) expect(() => registry.argumentErrors(name, {}), name).not.toThrow();
  });
});
