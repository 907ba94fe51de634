import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFailure, describeThrown } from '../../pipeline/core/errors.ts';
import { ResponseCache } from '../../pipeline/llm/cache.ts';
import { runCli } from '../support/cli.ts';
import { startFakeServer } from '../support/openai-server.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'asynctool-boundary-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const firstSample = () => JSON.parse(readFileSync(FIXTURE, 'utf8').split('\n')[0]!);

/** Exactly one `error:` line, exit 1, and no stack frame. */
function expectOneError(res: { code: number; stderr: string }, pattern: RegExp): void {
  expect(res.code).toBe(1);
  const errors = res.stderr.split('\n').filter((l) => l.startsWith('error:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(pattern);
  expect(res.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
}

describe('every broken input or file system ends in one error line', () => {
  it('--out that is a file', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    expectOneError(await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', file]), new RegExp(`^error: ${file}: .*(exists|not a folder)`));
  });

  it('--out under a file', async () => {
    const file = join(root, 'b-file');
    writeFileSync(file, 'x');
    expectOneError(
      await runCli(['evaluate', '--agent', 'oracle', '--dataset', FIXTURE, '--out', join(file, 'run')]),
      new RegExp(`^error: ${file}.*: a part of this path is a file, not a folder \\[ENOTDIR`),
    );
  });

  it('a dataset with a cross-task $ref cycle: validate reports it, evaluate refuses it', async () => {
    const s = firstSample();
    s.tasks[0].calls[0].args.numbers = [{ $ref: 'c2.result', task: 'T2' }];
    s.tasks[1].calls[0].args.text = { $ref: 'c2.result', task: 'T1' };
    const file = join(root, 'cycle.jsonl');
    writeFileSync(file, `${JSON.stringify(s)}\n`);
    const validate = await runCli(['validate', file]);
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toMatch(/cross-task references form a cycle/);
    expect(validate.stderr).not.toMatch(/\n\s+at /);
    expectOneError(
      await runCli(['evaluate', '--agent', 'oracle', '--dataset', file, '--out', join(root, 'cyc-run')]),
      /cycle\.jsonl:1, record fx-01, at \$\.tasks: cross-task references form a cycle/,
    );
  });

  it('a dataset with a dangling $ref: evaluate refuses it as validate does', async () => {
    const s = firstSample();
    s.tasks[0].calls[1].args.number = { $ref: 'c9.result' };
    const file = join(root, 'dangling.jsonl');
    writeFileSync(file, `${JSON.stringify(s)}\n`);
    expectOneError(
      await runCli(['evaluate', '--agent', 'oracle', '--dataset', file, '--out', join(root, 'dang-run')]),
      /record fx-01, at \$\.tasks\[0\]\.calls\[1\]\.args: reference c9\.result does not resolve/,
    );
  });

  it.each([
    ['an alias bomb', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', /alias bomb/],
    ['an unresolved alias', 'seed: *nowhere\n', /Unresolved alias/],
  ])('a config with %s', async (_name, yaml, pattern) => {
    const file = join(root, `cfg-${yaml.length}.yaml`);
    writeFileSync(file, yaml);
    expectOneError(await runCli(['build', '--config', file], { cwd: root }), pattern);
  });

  it('a cache entry path that is a folder is a miss with a warning, not a crash', () => {
    const warnings: string[] = [];
    const cache = new ResponseCache(join(root, 'cache'), { info: () => {}, warn: (m) => warnings.push(m) });
    mkdirSync(cache.pathFor('ab12'), { recursive: true });
    expect(cache.get('ab12')).toBeUndefined();
    cache.put('ab12', 'm', undefined, { message: { role: 'assistant', content: 'x', refusal: null }, finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1 }, latencyMs: 1 });
    expect(warnings).toEqual([expect.stringMatching(/cannot read LLM cache entry .*ab12\.json \(it is a folder\)/), expect.stringMatching(/cannot write LLM cache entry .*ab12\.json/)]);
  });

  it('a model sending 20,000-deep arguments gets a rejection and the run goes on', async () => {
    const server = await startFakeServer();
    const deep = `{"numbers":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    server.respondWith((body) =>
      body.messages.some((m: { role: string }) => m.role === 'tool')
        ? { kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }] }
        : { kind: 'message', toolCalls: [{ name: 'mean', arguments: deep }] },
    );
    try {
      const out = join(root, 'deep-run');
      const res = await runCli(['evaluate', '--agent', 'openai:m', '--base-url', server.url, '--dataset', FIXTURE, '--out', out, '--limit', '1', '--no-report'], { cwd: root });
      expect(res.code).toBe(0);
      expect(readFileSync(join(out, 'traces.jsonl'), 'utf8')).toContain('nest deeper than 64 levels');
    } finally {
      await server.close();
    }
  });

  it('describes a full disk, a stack overflow and an object whose toString throws in one line', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/data/run/traces.jsonl' });
    expect(describeFailure(enospc)).toBe('/data/run/traces.jsonl: no space left on the device (the disk is full) [ENOSPC in write]');
    expect(describeFailure(new RangeError('Maximum call stack size exceeded'))).toMatch(/nested too deeply/);
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(describeThrown(hostile)).toBe('thrown object that cannot be shown');
    expect(describeFailure(hostile)).toMatch(/^unexpected thrown object that cannot be shown/);
  });
});
