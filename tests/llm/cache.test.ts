import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fg from 'fast-glob';
import { LlmClient, type ChatRequest, type LlmClientOptions } from '../../pipeline/llm/client.ts';
import { startFakeServer, type FakeServer } from '../support/openai-server.ts';

let server: FakeServer;
let dir: string;
beforeEach(async () => {
  server = await startFakeServer();
  server.respondWith((body, index) => ({ kind: 'message', content: `reply ${index} to ${body.messages.at(-1).content}` }));
  dir = mkdtempSync(join(tmpdir(), 'asynctool-llm-cache-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (extra: Partial<LlmClientOptions> = {}) => new LlmClient({ model: 'scripted-model', baseURL: server.url, cacheDir: join(dir, 'cache'), retryBaseMs: 1, ...extra });
const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });
const entries = () => fg.sync('**/*.json', { cwd: join(dir, 'cache') }).sort();

describe('the LLM response cache', () => {
  it('answers a rerun with the same inputs without any network call', async () => {
    const first = await Promise.all(['a', 'b', 'c'].map((q) => client().chat(ask(q))));
    expect(server.requests).toHaveLength(3);
    const rerun = client();
    const second = await Promise.all(['a', 'b', 'c'].map((q) => rerun.chat(ask(q))));
    expect(server.requests).toHaveLength(3);
    expect(second.map((r) => r.cached)).toEqual([true, true, true]);
    expect(second.map((r) => [r.message, r.usage, r.latencyMs, r.finishReason])).toEqual(first.map((r) => [r.message, r.usage, r.latencyMs, r.finishReason]));
    expect(rerun.usage()).toMatchObject({ requests: 0, cachedResponses: 3, promptTokens: 0 });
  });

  it('stores one content-addressed file per answer under <2 hex>/<sha256>.json', async () => {
    await client().chat(ask('a', { promptId: 'paraphrase@0123abcd' }));
    const files = entries();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^([0-9a-f]{2})\/\1[0-9a-f]{62}\.json$/);
    const entry = JSON.parse(readFileSync(join(dir, 'cache', files[0]!), 'utf8'));
    expect(entry).toMatchObject({ model: 'scripted-model', promptId: 'paraphrase@0123abcd', response: { message: { content: 'reply 0 to a' } } });
  });

  it('keys on everything that changes the answer', async () => {
    const tool = { type: 'function' as const, function: { name: 'f', parameters: { type: 'object', properties: {} } } };
    const variants: [Partial<LlmClientOptions>, ChatRequest][] = [
      [{}, ask('q')],
      [{ model: 'other-model' }, ask('q')],
      [{}, ask('q', { temperature: 0.5 })],
      [{}, ask('q', { maxTokens: 10 })],
      [{}, ask('q', { tools: [tool] })],
      [{}, ask('q', { tools: [tool], parallelToolCalls: false })],
      [{}, ask('q', { promptId: 'p@11111111' })],
      [{}, ask('q', { promptId: 'p@22222222' })],
      [
        {},
        {
          messages: [
            { role: 'system', content: 'be brief' },
            { role: 'user', content: 'q' },
          ],
        },
      ],
    ];
    for (const [options, req] of variants) await client(options).chat(req);
    expect(server.requests).toHaveLength(variants.length);
    for (const [options, req] of variants) expect((await client(options).chat(req)).cached).toBe(true);
    expect(server.requests).toHaveLength(variants.length);
    // Defaults spelled out are the same request.
    expect((await client().chat(ask('q', { temperature: 0, sampleIndex: 0 }))).cached).toBe(true);
  });

  it('keys each sample of a temperature > 0 run separately', async () => {
    const samples = await Promise.all([0, 1, 2].map((i) => client().chat(ask('q', { temperature: 1, sampleIndex: i }))));
    expect(new Set(samples.map((s) => s.message.content)).size).toBe(3);
    expect(entries()).toHaveLength(3);
    const again = await Promise.all([0, 1, 2].map((i) => client().chat(ask('q', { temperature: 1, sampleIndex: i }))));
    expect(again.map((s) => s.message.content)).toEqual(samples.map((s) => s.message.content));
    expect(server.requests).toHaveLength(3);
  });

  it('sends an identical in-flight request once and shares the answer', async () => {
    server.respondWith(() => ({ kind: 'message', content: 'shared', delayMs: 20 }));
    const llm = client();
    const [a, b] = await Promise.all([llm.chat(ask('same')), llm.chat(ask('same'))]);
    expect(server.requests).toHaveLength(1);
    expect([a.message.content, b.message.content]).toEqual(['shared', 'shared']);
    expect([a.cached, b.cached].sort()).toEqual([false, true]);
  });

  it('never caches a failure', async () => {
    server.enqueue({ kind: 'fault', fault: 'unauthorized' });
    await expect(client().chat(ask('q'))).rejects.toThrow(/HTTP 401/);
    expect(entries()).toEqual([]);
    const result = await client().chat(ask('q'));
    expect(result.cached).toBe(false);
    expect(server.requests).toHaveLength(2);
  });

  it('can be bypassed per request or turned off', async () => {
    await client().chat(ask('q', { cache: false }));
    await client().chat(ask('q', { cache: false }));
    expect(entries()).toEqual([]);
    const off = client({ cacheDir: null });
    await off.chat(ask('q'));
    await off.chat(ask('q'));
    expect(server.requests).toHaveLength(4);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('treats an unreadable entry as a miss and replaces it', async () => {
    await client().chat(ask('q'));
    const [file] = entries();
    writeFileSync(join(dir, 'cache', file!), '{"version": 1, "key": "tor');
    const warnings: string[] = [];
    const result = await client({ logger: { info: () => {}, warn: (m) => warnings.push(m) } }).chat(ask('q'));
    expect(result.cached).toBe(false);
    expect(warnings.join()).toMatch(/ignoring unreadable LLM cache entry/);
    expect((await client().chat(ask('q'))).cached).toBe(true);
  });

  it('leaves only whole entries when writers running at once are killed with SIGKILL', async () => {
    server.respondWith((body) => ({ kind: 'message', content: `answer ${body.messages[0].content} ${'x'.repeat(20_000)}` }));
    const script = join(dir, 'writer.mts');
    writeFileSync(
      script,
      [
        `import { LlmClient } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../pipeline/llm/client.ts')).href)};`,
        `const llm = new LlmClient({ model: 'scripted-model', baseURL: process.argv[2], cacheDir: process.argv[3], concurrency: 16 });`,
        `await Promise.all(Array.from({ length: 400 }, (_, i) => llm.chat({ messages: [{ role: 'user', content: 'q' + i }] })));`,
      ].join('\n'),
    );
    const cacheDir = join(dir, 'cache');
    const writers = [0, 1].map(() => spawn(process.execPath, ['--import', 'tsx', script, server.url, cacheDir], { stdio: 'ignore' }));
    // Both writers answer the same questions, so they race on the same keys.
    while (server.requests.length < 150) await new Promise((r) => setTimeout(r, 5));
    for (const w of writers) w.kill('SIGKILL');
    await Promise.all(writers.map((w) => new Promise((r) => (w.exitCode !== null || w.signalCode !== null ? r(null) : w.on('exit', r)))));

    const files = entries();
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(JSON.parse(readFileSync(join(cacheDir, f), 'utf8')).response.message.content).toMatch(/^answer q\d+ x+$/);
    const before = server.requests.length;
    const rerun = new LlmClient({ model: 'scripted-model', baseURL: server.url, cacheDir, concurrency: 16 });
    const results = await Promise.all(Array.from({ length: 400 }, (_, i) => rerun.chat({ messages: [{ role: 'user', content: `q${i}` }] })));
    expect(results.every((r, i) => r.message.content!.startsWith(`answer q${i} `))).toBe(true);
    expect(server.requests.length - before).toBe(400 - files.length);
  });
});
