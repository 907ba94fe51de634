import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { Toolkit } from '../../pipeline/schema/toolkit.ts';
import { argTypesSource, schemaType } from '../../pipeline/world/arg-types.ts';
import { BUILTIN_TOOLKITS_DIR, findToolkitDirs, readDefinition } from '../../pipeline/world/registry.ts';

/**
 * Each simulator function's arguments are typed from toolkit.yaml: `toolkits/<name>/args.ts` is
 * generated from the `parameters` schemas, `defineSimulator<Args>` hands each function its type, and
 * `tsc --noEmit` (npm run check) checks the bodies against it. These tests keep the chain closed:
 * the file matches the YAML, and no simulator swaps in a hand-written argument type of its own.
 */
const dirs = findToolkitDirs(BUILTIN_TOOLKITS_DIR);

/** A test toolkit `warehouse` whose functions take these parameters schemas. */
function warehouse(functions: Record<string, { description: string; parameters: Record<string, unknown> }>): Toolkit {
  return Toolkit.parse({
    name: 'warehouse',
    title: 'Warehouse',
    category: 'test',
    description: 'A test toolkit.',
    functions: Object.entries(functions).map(([name, f]) => ({ name, ...f, returns: { type: 'object' }, latency: { kind: 'fixed', seconds: 1 } })),
  });
}

const WAREHOUSE = warehouse({
  reserve: {
    description: 'Reserve units.',
    parameters: { type: 'object', properties: { sku: { type: 'string' }, quantity: { type: 'integer' }, note: { type: 'string' } }, required: ['sku', 'quantity'], additionalProperties: false },
  },
});

/**
 * Type-checks simulator sources placed in a toolkit folder beside the args.ts generated from `def`
 * (in memory, with the real toolkit API), and returns each one's errors.
 */
function typeErrors(def: Toolkit, simulators: Record<string, string>): Record<string, string[]> {
  const dir = join(BUILTIN_TOOLKITS_DIR, `__${def.name}__`);
  const files = new Map([[join(dir, 'args.ts'), argTypesSource(def)], ...Object.entries(simulators).map(([name, text]) => [join(dir, `${name}.ts`), text] as [string, string])]);
  // Only what the check needs: no @types/node (a diagnostic elsewhere is not looked at), so it stays around a second.
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const { readFile, fileExists, directoryExists, getSourceFile } = host;
  host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.directoryExists = (d) => d === dir || directoryExists?.call(host, d) !== false;
  host.getSourceFile = (f, lang, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest));
  const program = ts.createProgram([...files.keys()], options, host);
  return Object.fromEntries(
    Object.keys(simulators).map((name) => [name, program.getSemanticDiagnostics(program.getSourceFile(join(dir, `${name}.ts`))).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))]),
  );
}

const HEAD = "import { defineSimulator } from '../../pipeline/toolkit-api.ts';\nimport type { Args } from './args.ts';\n";

describe('generated simulator argument types', () => {
  it.each(dirs.map((d) => [basename(d), d]))('%s/args.ts says what its toolkit.yaml declares (run `npm run toolkit-args` after changing parameters)', (_name, dir) => {
    const def = readDefinition(join(dir, 'toolkit.yaml'), Toolkit);
    expect(readFileSync(join(dir, 'args.ts'), 'utf8')).toBe(argTypesSource(def));
  });

  it.each(dirs.map((d) => [basename(d), d]))('%s/simulator.ts takes its argument types from args.ts only', (_name, dir) => {
    const source = readFileSync(join(dir, 'simulator.ts'), 'utf8');
    expect(source).toContain("import type { Args } from './args.ts';");
    expect(source).toMatch(/defineSimulator<Args>\('/);
    // A function annotating its second parameter would check the YAML only one way (a looser type still passes).
    const body = source.slice(source.indexOf('defineSimulator<Args>('));
    const annotated = [...body.matchAll(/^ {2}(\w+)(?:: (?:async )?)?\(\s*\w+(?:: [\w<>[\]| ]+)?,\s*(\w+):/gm)].map((m) => m[1]);
    expect(annotated).toEqual([]);
  });

  it('reads names, required or optional, JSON types and enums from a parameters schema', () => {
    const def = warehouse({
      reserve: {
        description: 'Reserve units.',
        parameters: {
          type: 'object',
          properties: {
            sku: { type: 'string' },
            quantity: { type: 'integer', minimum: 1 },
            rush: { type: 'boolean', default: false },
            speed: { type: 'string', enum: ['slow', "it's fast"] },
            tags: { type: 'array', items: { type: ['string', 'number'] } },
            note: { type: ['string', 'null'] },
            address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
            extra: { type: 'object', additionalProperties: { type: 'number' } },
          },
          required: ['sku', 'quantity'],
          additionalProperties: false,
        },
      },
      list: { description: 'List.', parameters: { type: 'object', properties: {}, required: [], additionalProperties: false } },
    });
    const lines = argTypesSource(def).split('\n');
    expect(lines).toContain(
      "  reserve: { sku: string; quantity: number; rush?: boolean; speed?: 'slow' | 'it\\'s fast'; tags?: (string | number)[]; note?: string | null; address?: { city: string }; extra?: Record<string, number> };",
    );
    expect(lines).toContain('  list: Record<string, never>;');
  });

  it('keeps an open object open and leaves an unknown keyword unknown', () => {
    expect(schemaType({ type: 'object', properties: { id: { type: 'string' } } })).toBe('{ id?: string; [key: string]: unknown }');
    expect(schemaType({ anyOf: [{ type: 'string' }, { type: 'integer' }] })).toBe('string | number');
    expect(schemaType({ description: 'anything' })).toBe('unknown');
  });

  it('make the type check fail when a simulator and its toolkit.yaml disagree on a name, an optional parameter, a JSON type or a function', () => {
    const errors = typeErrors(WAREHOUSE, {
      agrees: `${HEAD}export const simulator = defineSimulator<Args>('warehouse', {\n  reserve(_s, a) { return { id: a.sku + a.quantity.toFixed(0) + (a.note ?? '') }; },\n});\n`,
      wrongType: `${HEAD}export const simulator = defineSimulator<Args>('warehouse', {\n  reserve(_s, a) { return { n: a.quantity.toUpperCase() }; },\n});\n`,
      wrongName: `${HEAD}export const simulator = defineSimulator<Args>('warehouse', {\n  reserve(_s, a) { return { n: a.amount }; },\n});\n`,
      optionalUsedAsRequired: `${HEAD}export const simulator = defineSimulator<Args>('warehouse', {\n  reserve(_s, a) { return { n: a.note.length }; },\n});\n`,
      ownNarrowerType: `${HEAD}export const simulator = defineSimulator<Args>('warehouse', {\n  reserve(_s, a: { sku: string; quantity: number; note: string }) { return { n: a.note }; },\n});\n`,
      unknownFunction: `${HEAD}export const simulator = defineSimulator<Args>('warehouse', {\n  reserve() { return {}; },\n  restock() { return {}; },\n});\n`,
      missingFunction: `${HEAD}export const simulator = defineSimulator<Args>('warehouse', {});\n`,
    });
    expect(errors.agrees).toEqual([]);
    expect(errors.wrongType!.join()).toMatch(/toUpperCase/);
    expect(errors.wrongName!.join()).toMatch(/amount/);
    expect(errors.optionalUsedAsRequired!.join()).toMatch(/possibly 'undefined'/);
    expect(errors.ownNarrowerType!.join()).toMatch(/not assignable/);
    expect(errors.unknownFunction!.join()).toMatch(/restock/);
    expect(errors.missingFunction!.join()).toMatch(/reserve/);
  });
});
