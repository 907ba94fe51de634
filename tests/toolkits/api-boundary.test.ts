import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Toolkits see the project through one module, pipeline/toolkit-api.ts (`asynctool/toolkit` for
 * plugins), so the pipeline's internals can move without breaking a toolkit. A toolkit file that
 * reaches into pipeline/ for anything else fails here.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const API = join(ROOT, 'pipeline', 'toolkit-api.ts');
const PIPELINE = join(ROOT, 'pipeline');

/** Module specifiers of every import, re-export and dynamic import in a source text. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) found.push(m[1]!);
  return found;
}

/** The imports of `file` that reach the pipeline other than through the public toolkit API. */
function forbiddenImports(file: string, source: string): string[] {
  return specifiers(source).filter((spec) => {
    if (spec === 'asynctool/toolkit') return false;
    if (spec === 'asynctool' || spec.startsWith('asynctool/')) return true;
    if (!spec.startsWith('.')) return false;
    const target = resolve(dirname(file), spec);
    return (target === PIPELINE || target.startsWith(PIPELINE + '/')) && target !== API;
  });
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourcesUnder(path);
    return /\.(ts|mts|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

describe('the public toolkit API', () => {
  it('is the only part of pipeline/ that a file under toolkits/ or the new-toolkit template imports', () => {
    const files = [...sourcesUnder(join(ROOT, 'toolkits')), ...sourcesUnder(join(ROOT, 'templates', 'toolkit'))];
    expect(files.length).toBeGreaterThan(12);
    const offenders = files.flatMap((f) => forbiddenImports(f, readFileSync(f, 'utf8')).map((spec) => `${relative(ROOT, f)} imports ${spec}`));
    expect(offenders).toEqual([]);
  });

  it('is what every built-in simulator imports its helpers from', () => {
    const sims = sourcesUnder(join(ROOT, 'toolkits')).filter((f) => f.endsWith('simulator.ts'));
    for (const f of sims) expect(specifiers(readFileSync(f, 'utf8')), relative(ROOT, f)).toContain('../../pipeline/toolkit-api.ts');
  });

  it('catches an import of a pipeline internal, static, re-exported or dynamic', () => {
    const file = join(ROOT, 'toolkits', 'warehouse', 'simulator.ts');
    const source = [
      "import { defineSimulator } from '../../pipeline/toolkit-api.ts';",
      "import { ToolError } from '../../pipeline/core/errors.ts';",
      "export { rngFor } from '../../pipeline/core/rng.ts';",
      "const m = await import('../../pipeline/world/python-random.ts');",
      "import { scoreSample } from 'asynctool';",
      "import type { Rng } from 'asynctool/toolkit';",
      "import { helper } from './helper.ts';",
    ].join('\n');
    expect(forbiddenImports(file, source)).toEqual(['../../pipeline/core/errors.ts', '../../pipeline/core/rng.ts', '../../pipeline/world/python-random.ts', 'asynctool']);
  });

  it('exports what the simulators use: the tool error, seeded generators, hashing and defineSimulator', async () => {
    const api = await import('../../pipeline/toolkit-api.ts');
    expect(Object.keys(api).sort()).toEqual(['PythonRandom', 'ToolError', 'canonicalJson', 'defineSimulator', 'hashValue', 'rngFor', 'rngFromInts', 'sha256']);
  });

  it('is published as asynctool/toolkit', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(pkg.exports['./toolkit']).toEqual({ types: './dist/pipeline/toolkit-api.d.ts', default: './dist/pipeline/toolkit-api.js' });
  });
});
