import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonlAppender } from '../../pipeline/core/jsonl.ts';
import { runCli } from '../support/cli.ts';
import { startFakeServer } from '../support/openai-server.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'asynctool-runfolder-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
/** The pid of a process that has exited: what a kill -9 leaves in a lock or tmp file name. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;
const errorLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('error:'));

describe('one writer per run folder', () => {
  it('refuses a second evaluate while the owner lives, and takes over a stale lock', async () => {
    const out = join(tempDir(), 'run');
    mkdirSync(out, { recursive: true });
    // The test runner's parent is a live process that is not the CLI (which runs in this process).
    writeFileSync(join(out, '.lock'), `${process.ppid}\n`);
    const args = ['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', out];
    const refused = await runCli(args);
    expect(refused.code).toBe(1);
    expect(errorLines(refused.stderr)).toEqual([`error: ${out}: this run folder is in use by process ${process.ppid}; wait for it to finish (or stop it), or give another --out`]);
    expect(existsSync(join(out, 'traces.jsonl'))).toBe(false);

    writeFileSync(join(out, '.lock'), `${deadPid()}\n`);
    const taken = await runCli(args);
    expect(taken.code).toBe(0);
    expect(lines(join(out, 'traces.jsonl'))).toHaveLength(12);
    expect(existsSync(join(out, '.lock'))).toBe(false);
  });

  it('appends whole lines at the end even when another writer grew the file', () => {
    const file = join(tempDir(), 't.jsonl');
    const a = new JsonlAppender(file);
    const b = new JsonlAppender(file);
    for (let i = 0; i < 50; i++) {
      a.append({ w: 'a', i });
      appendFileSync(file, JSON.stringify({ w: 'x', i }) + '\n');
      b.append({ w: 'b', i });
    }
    a.close();
    b.close();
    const rows = lines(file).map((l) => JSON.parse(l) as { w: string });
    expect(rows).toHaveLength(150);
    expect(rows.filter((r) => r.w === 'x')).toHaveLength(50);
  });
});

describe('resume over a damaged run folder', () => {
  it('skips null, non-JSON and schema-invalid lines with a warning naming file and line, and reruns those episodes', async () => {
    const out = join(tempDir(), 'run');
    const args = ['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', out];
    expect((await runCli(args)).code).toBe(0);
    const traces = join(out, 'traces.jsonl');
    const good = lines(traces);
    writeFileSync(traces, [...good.slice(0, 9), 'null', '[1,2]', '{"sampleId":"fx-10","trace":"x"}', 'not json'].join('\n') + '\n');
    const stale = join(out, `summary.json.${deadPid()}.3.tmp`);
    writeFileSync(stale, 'half a summary');
    const res = await runCli(args);
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(`${traces}:10: not an episode record ((root): `);
    expect(res.stderr).toContain(`${traces}:12: not an episode record (`);
    expect(res.stderr).toMatch(/traces\.jsonl:13: not valid JSON/);
    expect(res.stderr).toMatch(/resuming .*: 9 episode\(s\) already done, 3 to run/);
    expect(res.stderr).toMatch(/removed 1 temporary file\(s\)/);
    expect(existsSync(stale)).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).overall.episodes).toBe(12);
  });

  it.each([
    ['null', 'null'],
    ['corrupt', '{"agent": "ora'],
  ])('a %s run.json is one error line naming the file', async (_name, text) => {
    const out = join(tempDir(), 'run');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'run.json'), text);
    const res = await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', out]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`error: ${join(out, 'run.json')}: run.json is not a JSON object (the file is damaged); delete this run folder or give another --out to start a new run\n`);
  });
});

describe('a dead endpoint stops the run through the circuit breaker', () => {
  it('stops with one error line naming the endpoint, keeps finished episodes, and the same command resumes', async () => {
    const server = await startFakeServer();
    let healthy = true;
    let finished = 0;
    server.respondWith(() => {
      if (!healthy) return { kind: 'fault', fault: 'unavailable', retryAfterSeconds: 0 };
      // Three episodes finish, then the endpoint dies.
      if (++finished >= 3) healthy = false;
      return { kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }] };
    });
    const out = join(tempDir(), 'run');
    const args = ['evaluate', '--agent', 'openai:scripted-model', '--base-url', server.url, '--dataset', FIXTURE, '--out', out, '--concurrency', '1', '--max-consecutive-failures', '4'];
    try {
      const stopped = await runCli(args, { cwd: tempDir() });
      expect(stopped.code).toBe(1);
      const errors = errorLines(stopped.stderr);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^error: scripted-model at 127\.0\.0\.1:\d+\/v1: 4 requests in a row failed \(last: HTTP 503: .*\); stopped by the circuit breaker .*\. The run stopped; 3 finished episode\(s\) are saved in .*, and the same command resumes the run once this is fixed\.$/,
      );
      expect(stopped.stderr).not.toMatch(/\n\s+at /);
      expect(lines(join(out, 'traces.jsonl'))).toHaveLength(3);

      healthy = true;
      finished = -100;
      const resumed = await runCli(args, { cwd: tempDir() });
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toMatch(/3 episode\(s\) already done, 9 to run/);
      expect(lines(join(out, 'traces.jsonl'))).toHaveLength(12);
    } finally {
      await server.close();
    }
  });
});
