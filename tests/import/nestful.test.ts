import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { importNestful } from '../../pipeline/import/run.ts';
import { validatePaths, type LocatedProblem } from '../../pipeline/validate/files.ts';
import type { Task } from '../../pipeline/schema/task.ts';

const registry = await loadRegistry();
const FIX = 'tests/import/fixtures';
const NESTFUL = '../shared/external/nestful';

function run(data: string, spec: string) {
  const out = mkdtempSync(join(tmpdir(), 'asynctool-nestful-'));
  const result = importNestful({ data, spec, out }, registry);
  return { out, result };
}

describe('asynctool import nestful', () => {
  it('turns $var references into $refs and splits a sample by toolkit', async () => {
    const { out, result } = run(`${FIX}/nestful-data.json`, `${FIX}/nestful-spec.json`);
    const tasks = parseYaml(readFileSync(join(out, 'seeds', 'nestful-data.yaml'), 'utf8')) as Task[];
    expect(tasks.map((t) => t.id)).toEqual(['nestful-data-0', 'nestful-data-4-filesystem', 'nestful-data-4-math']);
    expect(tasks[0]).toEqual({
      id: 'nestful-data-0',
      toolkit: 'math',
      query: 'Add 12 and 30, then multiply the sum by 2.',
      calls: [
        { id: 'c1', tool: 'add', args: { a: 12, b: 30 } },
        { id: 'c2', tool: 'multiply', args: { a: { $ref: 'c1.result' }, b: 2 } },
      ],
      answer: { $ref: 'c2.result' },
      provenance: { parents: [], operators: ['import:nestful'], source: 'NESTFUL nestful-data-0 (Apache-2.0)' },
    });
    // var_result returns one value per toolkit: each task answers with its own.
    expect(tasks[1]!.answer).toEqual({ $ref: 'c1.current_working_directory' });
    expect(tasks[2]!.answer).toEqual({ $ref: 'c1.result' });
    expect(result.rejects.map((r) => [r.entry, r.reason, r.fn])).toEqual([
      ['nestful-data-1', 'unknown-function', 'SkyScrapperSearchAirport'],
      ['nestful-data-2', 'embedded-reference', 'multiply'],
      ['nestful-data-3', 'cross-toolkit-reference', 'cd'],
    ]);
    expect(result.executableSpec).toEqual(['add', 'multiply']);
    const problems: LocatedProblem[] = [];
    await validatePaths([join(out, 'seeds')], registry, (p) => problems.push(p));
    expect(problems).toEqual([]);
  });

  it('reports every real sample it cannot execute, with the functions it lacks', () => {
    const { out, result } = run(`${NESTFUL}/executable-data.json`, `${NESTFUL}/executable-spec.json`);
    const rejects = readFileSync(join(out, 'rejects.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { entry: string; reason: string; detail: string });
    expect(result.reports[0]!.entries).toBe(85);
    // Every sample is accounted for: converted whole, or named in the rejects.
    expect(new Set(rejects.map((r) => r.entry)).size + result.reports[0]!.entriesConverted).toBe(85);
    expect(rejects[0]).toMatchObject({ entry: 'nestful-executable-data-0', reason: 'unknown-function' });
    expect(rejects[0]!.detail).toContain('SkyScrapperSearchAirport');
  });
});
