import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../pipeline/core/log.ts';
import { readRecords } from '../../pipeline/evaluate/records.ts';
import { loadRun } from '../../pipeline/report/load.ts';
import { CLIP_CHARS, packEpisode } from '../../pipeline/report/pack.ts';
import { traceOnlyMarks } from '../../pipeline/report/marks.ts';
import { fakeRecord } from './records.ts';

describe('the report reads a run as the summary does', () => {
  it('keeps the first of two lines for the same sample, as summary.json does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asynctool-dup-'));
    const first = fakeRecord({ id: 's1', solved: true });
    const second = fakeRecord({ id: 's1', solved: false });
    writeFileSync(join(dir, 'traces.jsonl'), `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`);
    const run = await loadRun(dir, silentLogger);
    const summarised = await readRecords(join(dir, 'traces.jsonl'), new Set(['s1']), 1, silentLogger);
    expect(run.records).toHaveLength(1);
    expect(run.records[0]!.score.taskSuccess).toBe(true);
    expect(summarised.map((r) => r.score.taskSuccess)).toEqual(run.records.map((r) => r.score.taskSuccess));
  });

  it('cuts a huge query in the page and says how much is left in traces.jsonl', () => {
    const record = fakeRecord();
    const huge = 'x'.repeat(1_000_000);
    for (const m of record.trace.messages) if (m.role === 'tasks') for (const t of m.tasks) t.query = huge;
    const packed = packEpisode(
      record,
      0,
      ['async'],
      traceOnlyMarks(
        record.trace,
        record.score.tasks.map((t) => t.taskId),
      ),
    );
    const queries = packed.k.map((row) => row[3] as string);
    for (const q of queries) {
      expect(q.length).toBeLessThan(CLIP_CHARS + 100);
      expect(q).toMatch(/… \(996000 more characters in traces\.jsonl\)$/);
    }
  });
});
