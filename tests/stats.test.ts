import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/cli.ts';

const DATASET = 'tests/fixtures/datasets/small.jsonl';

describe('asynctool stats', () => {
  it('counts every sample, task and gold call of a dataset once', async () => {
    const samples = readFileSync(DATASET, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { tasks: { toolkit: string; calls: unknown[] }[]; meta: { pattern: string } });
    const res = await runCli(['stats', '--json', '--toolkits', 'tests/fixtures/toolkits', DATASET]);
    expect(res.code, res.stderr).toBe(0);
    const stats = JSON.parse(res.stdout);
    expect(stats.records).toBe(samples.length);
    expect(stats.samples).toBe(samples.length);
    expect(stats.tasks).toBe(samples.reduce((n, s) => n + s.tasks.length, 0));
    expect(stats.calls).toBe(samples.reduce((n, s) => n + s.tasks.reduce((m, t) => m + t.calls.length, 0), 0));
    expect(Object.values(stats.tasksPerSample as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(samples.length);
    expect(stats.latency.count).toBe(stats.calls);
    const byToolkit: Record<string, number> = {};
    for (const s of samples) for (const t of s.tasks) byToolkit[t.toolkit] = (byToolkit[t.toolkit] ?? 0) + 1;
    expect(stats.tasksByToolkit).toEqual(byToolkit);
  });

  it('reads seed folders and reports steps and dependency depth', async () => {
    const res = await runCli(['stats', '--json', '--toolkits', 'tests/fixtures/toolkits', 'tests/fixtures/validate/good.yaml']);
    const stats = JSON.parse(res.stdout);
    expect(stats).toMatchObject({ records: 1, tasks: 1, calls: 3, stepsPerTask: { 3: 1 }, dependencyDepth: { 2: 1 } });
    expect(stats.latency).toMatchObject({ count: 3, min: 0.5, max: 5 });
  });
});

describe('asynctool stats on a folder', () => {
  it('reads the JSONL datasets inside it too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asynctool-stats-'));
    copyFileSync(DATASET, join(dir, 'data.jsonl'));
    const res = await runCli(['stats', '--json', '--toolkits', 'tests/fixtures/toolkits', dir]);
    expect(JSON.parse(res.stdout).samples).toBe(readFileSync(DATASET, 'utf8').trim().split('\n').length);
  });
});
