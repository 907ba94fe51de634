import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { loadSeeds } from '../../pipeline/world/seeds.ts';
import { validatePaths, type LocatedProblem } from '../../pipeline/validate/files.ts';

const registry = await loadRegistry(['tests/fixtures/toolkits']);

async function run(file: string, threads: string) {
  process.env.ASYNCTOOL_VALIDATE_THREADS = threads;
  const problems: LocatedProblem[] = [];
  // Files from 1 MB on go to the threads here (8 MB in use): the same batching and ordering, on a quarter of the data.
  const summary = await validatePaths([file], registry, (p) => problems.push(p), { parallelMinBytes: 1024 * 1024 });
  return { summary, problems };
}

afterEach(() => {
  delete process.env.ASYNCTOOL_VALIDATE_THREADS;
});

describe('validating a large JSONL file on worker threads', () => {
  it('gives exactly the verdicts of a serial run, in line order', async () => {
    const seeds = loadSeeds(['seeds', 'tests/fixtures/validate/good.yaml']).map((s) => s.task);
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 2 * 1024 * 1024; i++) {
      const t = seeds[i % seeds.length]!;
      // Lines 5, 9 and 11 of every 197 are broken in different ways, so problems are spread over the batches.
      const line =
        i % 197 === 5
          ? '{"id": "torn'
          : i % 197 === 9
            ? JSON.stringify({ ...t, id: `${t.id}#${i}`, query: 'nothing stated' })
            : i % 197 === 11
              ? JSON.stringify({ ...t, id: `${t.id}#${i - 1}` })
              : JSON.stringify({ ...t, id: `${t.id}#${i}` });
      lines.push(line);
      bytes += line.length + 1;
    }
    const file = join(mkdtempSync(join(tmpdir(), 'asynctool-parallel-')), 'big.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const serial = await run(file, '1');
    const parallel = await run(file, '2');
    expect(serial.problems.length).toBeGreaterThan(50);
    expect(parallel.summary).toEqual(serial.summary);
    expect(parallel.problems).toEqual(serial.problems);
  });
});
