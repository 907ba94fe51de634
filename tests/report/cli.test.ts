import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { DATASET, makeReferenceRuns } from './runs.ts';

interface SummaryInterval {
  mean: number;
  low: number;
  high: number;
  n: number;
}

describe('report, compare and ablate on the command line', () => {
  let runs: { root: string; dirs: string[] };
  beforeAll(async () => {
    runs = await makeReferenceRuns();
  });

  it('evaluate writes report.html in the run folder unless --no-report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asynctool-eval-report-'));
    const withReport = await runCli(['evaluate', '--dataset', DATASET, '--agent', 'oracle', '--limit', '3', '--out', join(dir, 'a')]);
    expect(withReport.code).toBe(0);
    expect(withReport.stderr).toContain(`report: ${join(dir, 'a', 'report.html')}`);
    expect(readFileSync(join(dir, 'a', 'report.html'), 'utf8')).toContain('id="report-data"');
    const without = await runCli(['evaluate', '--dataset', DATASET, '--agent', 'oracle', '--limit', '3', '--out', join(dir, 'b'), '--no-report']);
    expect(without.code).toBe(0);
    expect(existsSync(join(dir, 'b', 'report.html'))).toBe(false);
  });

  it("compare --json gives the same intervals as each run's summary.json", async () => {
    const res = await runCli(['compare', '--json', ...runs.dirs]);
    expect(res.code).toBe(0);
    const board = JSON.parse(res.stdout) as { runs: { dir: string; label: string; metrics: Record<string, SummaryInterval | null> }[] };
    expect(board.runs.map((r) => r.label)).toEqual(['oracle · async', 'sequential · async', 'faulty:premature · async', 'oracle · instant']);
    for (const run of board.runs) {
      const summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as { overall: Record<string, SummaryInterval> };
      for (const key of ['taskSuccess', 'subtaskSuccess', 'stepF1', 'efficiency', 'speedup', 'idleRatio', 'makespan', 'turns']) {
        expect(run.metrics[key], `${run.label} ${key}`).toEqual(summary.overall[key]);
      }
    }
    expect(board.runs[0]!.metrics.taskSuccess!.mean).toBe(1);
    expect(board.runs[2]!.metrics.taskSuccess!.mean).toBeLessThan(1);
  });

  it('compare prints a terminal table and a Markdown table', async () => {
    const table = await runCli(['compare', ...runs.dirs.slice(0, 2)]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^metric\s+oracle · async\s+sequential · async$/);
    expect(table.stdout).toMatch(/Task success ↑\s+100\.0% \[/);
    // Read from each run folder's settings: both are the default protocol, no lifecycle events, one trial.
    expect(table.stdout).toMatch(/^delivery\s+push\s+push$/m);
    expect(table.stdout).toMatch(/^lifecycle\s+none\s+none$/m);
    const md = await runCli(['compare', '--markdown', ...runs.dirs.slice(0, 2)]);
    const rows = md.stdout.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(/^\| oracle · async \| push \| none \| 1 \| 12 \| 12 \| – \| 100\.0% \[/);
  });

  it('report writes one file for several runs and names a folder that is not a run', async () => {
    const out = join(runs.root, 'all.html');
    const res = await runCli(['report', ...runs.dirs, '--out', out]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/wrote .*all\.html: 4 run\(s\), 48 episodes, [\d.]+ MB/);
    const bad = await runCli(['report', runs.root]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a run folder: traces.jsonl is missing');
  });

  it('ablate runs one agent in every mode on the same samples and reports what delay costs', async () => {
    const out = join(runs.root, 'ablation');
    const res = await runCli(['ablate', '--agent', 'sequential', '--dataset', DATASET, '--limit', '4', '--out', out, '--by', 'tasks']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/sequential \(4 shared samples\)/);
    expect(res.stdout).toContain('Δ async vs instant');
    for (const mode of ['instant', 'sync', 'async']) expect(existsSync(join(out, mode, 'traces.jsonl'))).toBe(true);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Latency ablation: sequential');
    const saved = JSON.parse(readFileSync(join(out, 'ablation.json'), 'utf8')) as {
      metrics: string[];
      ablations: { group: string | null; baseline: string; against: string[]; rows: { metric: number; values: [number, number, number, number][]; deltas: number[] }[] }[];
    };
    const all = saved.ablations.find((a) => a.group === null)!;
    expect(all.baseline).toBe('instant');
    expect(all.against).toEqual(['sync', 'async']);
    const makespan = all.rows.find((r) => saved.metrics[r.metric] === 'makespan')!;
    expect(makespan.deltas[1]).toBeGreaterThan(0);
    const success = all.rows.find((r) => saved.metrics[r.metric] === 'taskSuccess')!;
    expect(success.deltas).toEqual([0, 0]);
    expect(saved.ablations.filter((a) => a.group !== null).map((a) => a.group)).toEqual(expect.arrayContaining([expect.stringMatching(/^\d tasks$/)]));
  });
});
