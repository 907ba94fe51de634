import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
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
    const def = Toolkit.parse({
      name: 'warehouse',
      title: 'Warehouse',
      category: 'test',
      description: 'A test toolkit.',
      functions: [
        {
          name: 'reserve',
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
          returns: { type: 'object' },
          latency: { kind: 'fixed', seconds: 1 },
        },
        {
          name: 'list',
          description: 'List.',
          parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
          returns: { type: 'object' },
          latency: { kind: 'fixed', seconds: 1 },
        },
      ],
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
});
