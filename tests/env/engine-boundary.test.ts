import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * pipeline/env/ is the engine (episodes, the virtual clock, delivery, lifecycle, trials); the
 * `evaluate` command's orchestration (run folders, resume, agent creation, endpoint checks, cost)
 * lives in pipeline/evaluate/. The engine reaching back into that would undo the split.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const ENV = join(ROOT, 'pipeline', 'env');
const ORCHESTRATION = ['pipeline/evaluate/', 'pipeline/llm/', 'pipeline/agents/registry.ts', 'pipeline/core/lock.ts', 'pipeline/core/atomic.ts', 'pipeline/stages/'];

function relativeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/\b(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => relative(ROOT, resolve(dirname(file), m[1]!)));
}

describe('the engine in pipeline/env/', () => {
  it('imports nothing of the evaluate orchestration (run folders, agent creation, endpoints, locks)', () => {
    const files = readdirSync(ENV).filter((f) => f.endsWith('.ts'));
    expect(files).toContain('engine.ts');
    const offenders = files.flatMap((f) =>
      relativeImports(join(ENV, f))
        .filter((target) => ORCHESTRATION.some((o) => target.startsWith(o)))
        .map((t) => `env/${f} imports ${t}`),
    );
    expect(offenders).toEqual([]);
  });

  it('holds no run-folder code: that is pipeline/evaluate/', () => {
    const names = readdirSync(ENV);
    for (const moved of ['evaluation.ts', 'rescore.ts', 'progress.ts']) expect(names).not.toContain(moved);
    expect(readdirSync(join(ROOT, 'pipeline', 'evaluate')).sort()).toEqual(['progress.ts', 'records.ts', 'rescore.ts', 'run-folder.ts', 'run.ts']);
  });
});
