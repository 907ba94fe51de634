import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonl } from '../pipeline/core/jsonl.ts';

const dir = mkdtempSync(join(tmpdir(), 'asynctool-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const all = async (file: string, limit?: number) => {
  const out = [];
  for await (const row of readJsonl(file, limit)) out.push(row);
  return out;
};

describe('readJsonl', () => {
  it('numbers lines, skips blanks, reads CRLF and a last line without a newline', async () => {
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, '{"a":1}\r\n\n  \n[2]\nnope\n"ü€"');
    expect(await all(file)).toEqual([
      { line: 1, ok: true, value: { a: 1 } },
      { line: 4, ok: true, value: [2] },
      { line: 5, ok: false, error: expect.stringMatching(/^not valid JSON/) },
      { line: 6, ok: true, value: 'ü€' },
    ]);
  });

  it('reports an over-long line by its size while streaming, and goes on with the next', async () => {
    const file = join(dir, 'long.jsonl');
    // 3 MB line with a 1 MB limit: it spans many read chunks.
    writeFileSync(file, `{"x":"${'y'.repeat(3_000_000)}"}\n{"ok":true}\n`);
    const rows = await all(file, 1_000_000);
    expect(rows).toEqual([
      { line: 1, ok: false, error: 'line is 3000008 bytes long, over the 1000000 limit' },
      { line: 2, ok: true, value: { ok: true } },
    ]);
  });
});
