import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ensureCompiled, ROOT } from '../support/compiled.ts';

const builtInYaml = (): string[] =>
  readdirSync(join(ROOT, 'toolkits'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(ROOT, 'toolkits', d.name))
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(ROOT, 'toolkits', d.name, f)),
    );

/** The compiled CLI reads the built-in toolkits' YAML from a table the build stores (pipeline/core/parsed-yaml.ts). */
describe('the compiled CLI with the parsed toolkit YAML of the build', () => {
  let parseYamlText: (text: string) => unknown;
  let yamlTextHash: (text: string) => string;
  let table: Record<string, string>;
  beforeAll(async () => {
    ensureCompiled();
    ({ parseYamlText, yamlTextHash } = (await import(pathToFileURL(join(ROOT, 'dist/pipeline/core/parsed-yaml.js')).href)) as {
      parseYamlText: (text: string) => unknown;
      yamlTextHash: (text: string) => string;
    });
    table = JSON.parse(readFileSync(join(ROOT, 'dist/parsed-yaml.json'), 'utf8')) as Record<string, string>;
  }, 120_000);

  it('gets what parsing gives for every built-in file, each from the table', () => {
    const files = builtInYaml();
    expect(files.length).toBeGreaterThanOrEqual(24);
    expect(Object.keys(table).length).toBe(new Set(files.map((f) => readFileSync(f, 'utf8'))).size);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const parsed = parseYaml(text);
      expect(JSON.parse(table[yamlTextHash(text)] ?? 'null'), file).toStrictEqual(parsed);
      expect(parseYamlText(text), file).toStrictEqual(parsed);
    }
  });

  it('parses a text the table does not hold (an edited file), and gives each caller its own copy', () => {
    const text = readFileSync(join(ROOT, 'toolkits/math/toolkit.yaml'), 'utf8');
    const edited = text.replace(/^name: math$/m, 'name: math_edited');
    expect(edited).not.toBe(text);
    expect((parseYamlText(edited) as { name: string }).name).toBe('math_edited');
    const first = parseYamlText(text) as { name: string };
    first.name = 'changed';
    expect((parseYamlText(text) as { name: string }).name).toBe('math');
  });
});
