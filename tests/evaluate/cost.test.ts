import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { startFakeServer } from '../support/openai-server.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('tokens paid and served from the cache, and their cost', () => {
  it('prices paid tokens from prices.yaml, and a cached rerun pays nothing and says what it saved', async () => {
    const server = await startFakeServer();
    // Every reply: 1000 prompt and 100 completion tokens, one turn per episode.
    server.respondWith(() => ({ kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }], usage: { prompt_tokens: 1000, completion_tokens: 100 } }));
    const cwd = mkdtempSync(join(tmpdir(), 'asynctool-cost-'));
    dirs.push(cwd);
    const run = (out: string, extra: string[] = []) =>
      runCli(['evaluate', '--agent', 'openai:gpt-4o-mini', '--base-url', server.url, '--dataset', FIXTURE, '--out', join(cwd, out), '--limit', '4', '--no-report', ...extra], { cwd });
    try {
      const first = await run('a');
      expect(first.code).toBe(0);
      const a = JSON.parse(readFileSync(join(cwd, 'a', 'summary.json'), 'utf8'));
      expect(a.overall.tokens).toEqual({ prompt: 4000, completion: 400, requests: 4, cachedResponses: 0, cachedPrompt: 0, cachedCompletion: 0 });
      // 4000 x $0.15/M + 400 x $0.60/M
      expect(a.cost).toEqual({ model: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6, source: 'prices.yaml', paidUsd: 0.00084, savedByCacheUsd: 0 });
      expect(first.stdout).toMatch(/cost: \$0\.0008 paid, \$0\.0000 saved by the cache \(gpt-4o-mini at \$0\.1500 in \/ \$0\.6000 out per million tokens, prices\.yaml\)/);

      const second = await run('b', ['--price-input', '2']);
      expect(second.code).toBe(0);
      const b = JSON.parse(readFileSync(join(cwd, 'b', 'summary.json'), 'utf8'));
      expect(b.overall.tokens).toEqual({ prompt: 0, completion: 0, requests: 0, cachedResponses: 4, cachedPrompt: 4000, cachedCompletion: 400 });
      expect(b.cost).toMatchObject({ inputPerMillion: 2, outputPerMillion: 0.6, source: 'prices.yaml with flag overrides', paidUsd: 0, savedByCacheUsd: 0.00824 });
      expect(server.requests).toHaveLength(4);
    } finally {
      await server.close();
    }
  });

  it('an unknown model shows tokens only', async () => {
    const server = await startFakeServer();
    server.respondWith(() => ({ kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }] }));
    const cwd = mkdtempSync(join(tmpdir(), 'asynctool-cost-'));
    dirs.push(cwd);
    try {
      const res = await runCli(['evaluate', '--agent', 'openai:local-llama', '--base-url', server.url, '--dataset', FIXTURE, '--out', join(cwd, 'r'), '--limit', '1', '--no-report'], { cwd });
      expect(res.code).toBe(0);
      expect(JSON.parse(readFileSync(join(cwd, 'r', 'summary.json'), 'utf8')).cost).toBeNull();
      expect(res.stdout).toMatch(/tokens: 0\.000 M prompt \+ 0\.000 M completion paid over 1 request\(s\)/);
      expect(res.stdout).toMatch(/cost: no price known for this model/);
    } finally {
      await server.close();
    }
  });
});
