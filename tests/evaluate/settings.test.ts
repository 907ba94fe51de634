import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { startFakeServer, type FakeServer } from '../support/openai-server.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'asynctool-eval-settings-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A user error is one `error:` line: no stack trace, nothing else on stderr. */
function expectOneLineError(res: { code: number; stderr: string }, pattern: RegExp): void {
  expect(res.code).toBe(1);
  const lines = res.stderr.trim().split('\n');
  expect(lines, res.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
}

describe('evaluate: user errors before anything is written', () => {
  it('an invalid --base-url names the flag and leaves no run folder', async () => {
    const cwd = tempDir();
    const res = await runCli(['evaluate', '--agent', 'openai:m', '--base-url', 'notaurl', '--dataset', FIXTURE, '--out', join(cwd, 'run')], { cwd });
    expectOneLineError(res, /--base-url "notaurl" is not an http:\/\/ or https:\/\/ URL; give the endpoint.s base, e.g. --base-url http:\/\/localhost:8000\/v1$/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('an unsupported scheme fails at once, also from $OPENAI_BASE_URL, without showing credentials', async () => {
    const cwd = tempDir();
    const flag = await runCli(['evaluate', '--agent', 'openai:m', '--base-url', 'ftp://user:hunter2@example.test/v1?key=abc', '--dataset', FIXTURE, '--out', join(cwd, 'run')], { cwd });
    expectOneLineError(flag, /--base-url "ftp:\/\/example\.test\/v1" is not an http:\/\/ or https:\/\/ URL/);
    expect(flag.stderr).not.toMatch(/hunter2|abc/);
    const env = await runCli(['evaluate', '--agent', 'openai:m', '--dataset', FIXTURE, '--out', join(cwd, 'run')], { cwd, env: { OPENAI_BASE_URL: 'ftp://example.test/v1' } });
    expectOneLineError(env, /\$OPENAI_BASE_URL "ftp:\/\/example\.test\/v1" is not an http/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a folder given as --dataset is one error naming the flag', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'data'));
    const res = await runCli(['evaluate', '--agent', 'oracle', '--dataset', join(cwd, 'data'), '--out', join(cwd, 'run')], { cwd });
    expectOneLineError(res, /data: is a folder, not a dataset; pass the JSONL file with --dataset FILE\.jsonl/);
    expect(existsSync(join(cwd, 'run'))).toBe(false);
  });

  it('warns once that model flags are ignored for a built-in agent', async () => {
    const cwd = tempDir();
    const res = await runCli(
      ['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--limit', '1', '--out', join(cwd, 'run'), '--no-report', '--temperature', '1', '--base-url', 'x', '--api-key-env', 'K'],
      { cwd },
    );
    expect(res.code).toBe(0);
    const warnings = res.stderr.split('\n').filter((l) => l.startsWith('warning:'));
    expect(warnings).toEqual(['warning: --base-url, --api-key-env, --temperature only apply to openai: agents; ignored for oracle']);
    const quiet = await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--limit', '1', '--out', join(cwd, 'run2'), '--no-report'], { cwd });
    expect(quiet.stderr).not.toContain('warning:');
  });
});

describe('evaluate: model runs', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('records the model settings in run.json (never the key) and refuses to resume with other ones', async () => {
    server.respondWith(() => ({ kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }] }));
    const cwd = tempDir();
    const out = join(cwd, 'run');
    const env = { ASYNCTOOL_TEST_KEY: 'sk-settings-SECRETVALUE-123' };
    const base = ['evaluate', '--agent', 'openai:test-model', '--base-url', server.url, '--api-key-env', 'ASYNCTOOL_TEST_KEY', '--dataset', FIXTURE, '--out', out, '--no-report'];
    expect((await runCli([...base, '--limit', '5'], { cwd, env })).code).toBe(0);
    const runJson = readFileSync(join(out, 'run.json'), 'utf8');
    expect(JSON.parse(runJson)).toMatchObject({
      agent: 'openai:test-model',
      endpoint: server.url,
      temperature: 0,
      maxTokens: null,
      parallelToolCalls: null,
      seed: null,
      turnBudget: null,
      timeBudget: null,
    });
    expect(runJson).not.toMatch(/SECRETVALUE|ASYNCTOOL_TEST_KEY/);

    const requests = server.requests.length;
    const other = await runCli([...base, '--temperature', '1.5', '--max-tokens', '64', '--limit', '8'], { cwd, env });
    expectOneLineError(other, /started with other settings \(temperature: 0 now 1\.5; maxTokens: null now 64\); use another --out/);
    expect(server.requests.length).toBe(requests);
    expect(readFileSync(join(out, 'traces.jsonl'), 'utf8').trim().split('\n')).toHaveLength(5);

    const same = await runCli([...base, '--limit', '8'], { cwd, env });
    expect(same.code).toBe(0);
    expect(same.stderr).toMatch(/5 episode\(s\) already done, 3 to run/);
  });

  it('refuses to resume a model run recorded before its settings were', async () => {
    server.respondWith(() => ({ kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }] }));
    const cwd = tempDir();
    const out = join(cwd, 'run');
    const args = ['evaluate', '--agent', 'openai:test-model', '--base-url', server.url, '--dataset', FIXTURE, '--out', out, '--no-report', '--limit', '2'];
    expect((await runCli(args, { cwd })).code).toBe(0);
    const saved = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Record<string, unknown>;
    delete saved.temperature;
    writeFileSync(join(out, 'run.json'), JSON.stringify(saved));
    const res = await runCli(args, { cwd });
    expectOneLineError(res, /temperature: not recorded now 0/);
  });

  it('stops the run at the first 401 with one message instead of a warning per sample', async () => {
    server.respondWith(() => ({ kind: 'fault', fault: 'unauthorized' }));
    const cwd = tempDir();
    const out = join(cwd, 'run');
    const res = await runCli(['evaluate', '--agent', 'openai:test-model', '--base-url', server.url, '--dataset', FIXTURE, '--out', out, '--concurrency', '1'], { cwd, env: { OPENAI_API_KEY: '' } });
    expect(res.code).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(res.stderr).not.toContain('warning:');
    const errors = res.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/HTTP 401: .*check the key in \$OPENAI_API_KEY \(it is not set\)\. The run stopped, .* 0 finished episode\(s\) are saved in .*run, and the same command resumes/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops once the same refusal comes back for a second sample, even with requests in flight', async () => {
    server.respondWith(() => ({ kind: 'fault', fault: 'bad_request' }));
    const cwd = tempDir();
    const res = await runCli(['evaluate', '--agent', 'openai:test-model', '--base-url', server.url, '--dataset', FIXTURE, '--out', join(cwd, 'run'), '--concurrency', '4'], { cwd });
    expect(res.code).toBe(1);
    expect(server.requests.length).toBeLessThanOrEqual(5);
    expect(res.stderr.split('\n').filter((l) => l.startsWith('warning: sample'))).toHaveLength(1);
    expect(res.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
    expect(res.stderr).toMatch(/error: .*HTTP 400: .*The run stopped/);
  });
});
