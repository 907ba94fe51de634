import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { scaffoldToolkit } from '../../pipeline/scaffold/new-toolkit.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'asynctool-rescore-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('asynctool rescore', () => {
  it('re-scores saved traces: a tampered score is restored and counted as changed', async () => {
    const out = join(tempDir(), 'run');
    expect((await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', out, '--no-report'])).code).toBe(0);
    const traces = join(out, 'traces.jsonl');
    const original = lines(traces);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ toolkitsHash: expect.stringMatching(/^[0-9a-f]{64}$/), scorerHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const tampered = original.map((l, i) => {
      if (i !== 0) return l;
      const rec = JSON.parse(l);
      rec.score.taskSuccess = false;
      return JSON.stringify(rec);
    });
    writeFileSync(traces, `${tampered.join('\n')}\n`);
    const res = await runCli(['rescore', out]);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('rescored 12 episode(s)');
    expect(res.stderr).toContain('1 score(s) changed');
    expect(res.stdout).toMatch(/overall\s+12\s+100\.0%/);
    expect(lines(traces)).toEqual(original);
  });

  it('refuses when a toolkit changed since the run', async () => {
    const root = tempDir();
    const { dir } = scaffoldToolkit('shelf', root);
    const out = join(root, 'run');
    expect((await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', out, '--no-report', '--toolkits', dir])).code).toBe(0);
    const yaml = join(dir, 'toolkit.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}\n# edited\n`);
    const res = await runCli(['rescore', out]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^error: .*run: the toolkits changed since this run \(shelf\); .*evaluate again\n$/);
  });
});
