import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { startFakeServer } from '../support/openai-server.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const BIN = new URL('../../bin/asynctool.mjs', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'asynctool-eval-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const ids = (file: string) => lines(file).map((l) => (JSON.parse(l) as { sampleId: string }).sampleId);
const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

describe('asynctool evaluate', () => {
  it('says how to build the dataset when the default one is missing', async () => {
    const res = await runCli(['evaluate', '--agent', 'oracle'], { cwd: tempDir() });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/output\/asynctool\.jsonl: no dataset here; build it first with `npm run build-dataset`/);
  });

  it('rejects an unknown agent with the list of valid ones', async () => {
    const res = await runCli(['evaluate', '--agent', 'gpt', '--dataset', FIXTURE, '--out', join(tempDir(), 'run')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/unknown agent "gpt"; valid agents: oracle, sequential, faulty:premature, .* openai:<model>/);
  });

  it('writes one trace line per episode, a summary with intervals, and a table; the oracle scores 1.0', async () => {
    const out = join(tempDir(), 'run');
    const res = await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', out]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/overall\s+12\s+100\.0%/);
    expect(lines(join(out, 'traces.jsonl'))).toHaveLength(12);
    const summary = summaryOf(out);
    expect(summary.overall).toMatchObject({ episodes: 12, taskSuccess: { mean: 1, high: 1 }, stepF1: { mean: 1 }, efficiency: { mean: 1, low: 1, high: 1 } });
    expect(summary.overall.taskSuccess.low).toBeLessThan(1);
    expect(Object.keys(summary.byTasks)).toEqual(['2', '3']);
    expect(Object.keys(summary.byToolkit)).toContain('trading');
    expect(Object.keys(summary.byPattern).sort()).toEqual(['chain', 'fan-in', 'independent', 'mixed', 'similar']);
  });

  it('resumes after a crash that left some lines and a torn one: nothing lost, nothing counted twice', async () => {
    const out = join(tempDir(), 'run');
    const args = ['evaluate', '--agent', 'sequential', '--dataset', FIXTURE, '--out', out];
    expect((await runCli(args)).code).toBe(0);
    const full = summaryOf(out);
    const traces = join(out, 'traces.jsonl');
    const keep = lines(traces).slice(0, 5);
    writeFileSync(traces, keep.join('\n') + '\n' + lines(traces)[5]!.slice(0, 200));
    rmSync(join(out, 'summary.json'));
    const res = await runCli(args);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/5 episode\(s\) already done, 7 to run/);
    expect(new Set(ids(traces)).size).toBe(12);
    expect(ids(traces)).toHaveLength(12);
    expect(summaryOf(out).overall).toEqual(full.overall);
  });

  it('--resume finds the latest run folder of the same agent, mode and dataset', async () => {
    const cwd = tempDir();
    expect((await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--limit', '4'], { cwd })).code).toBe(0);
    const [run] = readdirSync(join(cwd, 'output/runs'));
    expect(run).toMatch(/^oracle-async-/);
    const res = await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--limit', '6', '--resume'], { cwd });
    expect(res.stderr).toMatch(/4 episode\(s\) already done, 2 to run/);
    expect(readdirSync(join(cwd, 'output/runs'))).toEqual([run]);
    expect(lines(join(cwd, 'output/runs', run!, 'traces.jsonl'))).toHaveLength(6);
  });

  it('refuses to resume a folder started with other settings', async () => {
    const out = join(tempDir(), 'run');
    await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', out, '--limit', '2']);
    const res = await runCli(['evaluate', '--agent', 'oracle', '--mode', 'sync', '--dataset', FIXTURE, '--out', out]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/started with other settings \(mode: "async" now "sync"\)/);
  });

  it('survives kill -9 in the middle of a model run and finishes it on the same command', async () => {
    const server = await startFakeServer();
    // Every turn: finish at once, after 150 ms of real server time, so the run is slow enough to kill.
    server.respondWith(() => ({ kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }], delayMs: 150 }));
    const cwd = tempDir();
    const out = join(cwd, 'run');
    const traces = join(out, 'traces.jsonl');
    const args = [BIN, 'evaluate', '--agent', 'openai:scripted', '--base-url', server.url, '--dataset', FIXTURE, '--out', out, '--concurrency', '1'];
    try {
      const child = spawn(process.execPath, args, { cwd, stdio: 'ignore' });
      let gone = false;
      const exited = new Promise((r) => child.on('exit', r)).then(() => (gone = true));
      // Stop waiting if the child dies on its own, so a broken run fails here instead of hanging.
      while (!gone && (!existsSync(traces) || lines(traces).length < 3)) await new Promise((r) => setTimeout(r, 20));
      expect(gone, 'the run ended before it could be killed').toBe(false);
      child.kill('SIGKILL');
      await exited;
      const before = lines(traces).length;
      expect(before).toBeLessThan(12);
      truncateSync(traces, readFileSync(traces).length - 7);
      const res = await runCli(args.slice(1), { cwd });
      expect(res.code).toBe(0);
      expect(ids(traces).sort()).toEqual([...new Set(ids(traces))].sort());
      expect(ids(traces)).toHaveLength(12);
      // Finishing at once, before touching any task, is neglect of every task.
      expect(summaryOf(out).overall.failureModes['task-neglect'].mean).toBe(1);
    } finally {
      await server.close();
    }
  });
});
