import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EndpointError } from '../../pipeline/core/errors.ts';
import { LlmClient, type LlmClientOptions } from '../../pipeline/llm/client.ts';
import { startFakeServer, type Fault, type FakeServer } from '../support/openai-server.ts';

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => {
  await server.close();
});

const client = (extra: Partial<LlmClientOptions> = {}) =>
  new LlmClient({ model: 'scripted-model', baseURL: server.url, cacheDir: null, retryBaseMs: 1, maxRetryAfterMs: 50, timeoutMs: 2_000, ...extra });
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('LlmClient survives endpoint faults', () => {
  const transient: Fault[] = ['rate_limit', 'server_error', 'unavailable', 'reset', 'invalid_json', 'truncated', 'empty_choices'];
  it.each(transient)('retries after %s and returns the answer', async (fault) => {
    server.enqueue({ kind: 'fault', fault, retryAfterSeconds: 0 }, { kind: 'message', content: 'recovered' });
    const llm = client();
    const result = await llm.chat(ask);
    expect(result.message.content).toBe('recovered');
    expect(server.requests).toHaveLength(2);
    expect(llm.usage()).toMatchObject({ requests: 2, retries: 1 });
  });

  it('cuts a hung connection with the per-request timeout and retries', async () => {
    server.enqueue({ kind: 'fault', fault: 'hang' }, { kind: 'message', content: 'after the hang' });
    const llm = client({ timeoutMs: 200 });
    const result = await llm.chat(ask);
    expect(result.message.content).toBe('after the hang');
    expect(llm.usage().retries).toBe(1);
  });

  it('waits as long as Retry-After asks', async () => {
    server.enqueue({ kind: 'fault', fault: 'rate_limit', retryAfterSeconds: 0.15 }, { kind: 'message', content: 'ok' });
    await client({ maxRetryAfterMs: 60_000 }).chat(ask);
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(140);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    const warnings: string[] = [];
    server.enqueue({ kind: 'fault', fault: 'rate_limit', retryAfterSeconds: 3600 }, { kind: 'message', content: 'ok' });
    await client({ maxRetryAfterMs: 20, logger: { info: () => {}, warn: (m) => warnings.push(m) } }).chat(ask);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/HTTP 429.*retry 1\/5 in 20 ms/);
  });

  it('backs off exponentially with jitter when the server gives no Retry-After', async () => {
    const delays: number[] = [];
    server.enqueue(...Array.from({ length: 4 }, () => ({ kind: 'fault' as const, fault: 'server_error' as const })), { kind: 'message', content: 'ok' });
    await client({ retryBaseMs: 8, logger: { info: () => {}, warn: (m) => delays.push(Number(/in (\d+) ms/.exec(m)![1])) } }).chat(ask);
    expect(delays).toHaveLength(4);
    delays.forEach((d, attempt) => {
      expect(d).toBeGreaterThanOrEqual((8 * 2 ** attempt) / 2);
      expect(d).toBeLessThanOrEqual(8 * 2 ** attempt);
    });
  });

  it('gives up with a clear EndpointError after maxRetries', async () => {
    server.respondWith(() => ({ kind: 'fault', fault: 'unavailable' }));
    const error = await client({ maxRetries: 2 })
      .chat(ask)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as EndpointError).status).toBe(503);
    expect((error as EndpointError).message).toMatch(/scripted-model at 127\.0\.0\.1:\d+\/v1: HTTP 503: The engine is currently overloaded after 3 attempts/);
    expect(server.requests).toHaveLength(3);
  });

  it('gives up after maxRetries on an empty choice list too', async () => {
    server.respondWith(() => ({ kind: 'fault', fault: 'empty_choices' }));
    await expect(client({ maxRetries: 1 }).chat(ask)).rejects.toThrow(/empty choice list after 2 attempts/);
  });

  it('does not retry what retrying cannot fix', async () => {
    server.enqueue({ kind: 'fault', fault: 'unauthorized' });
    const error = (await client({ apiKeyEnv: 'ASYNCTOOL_TEST_UNSET_KEY' })
      .chat(ask)
      .catch((e: unknown) => e)) as EndpointError;
    expect(error).toBeInstanceOf(EndpointError);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/HTTP 401: .*check the key in \$ASYNCTOOL_TEST_UNSET_KEY \(it is not set\)/);
    expect(server.requests).toHaveLength(1);
  });

  it('reports a refused connection as an EndpointError', async () => {
    const url = server.url;
    await server.close();
    const error = await new LlmClient({ model: 'm', baseURL: url, cacheDir: null, retryBaseMs: 1, maxRetries: 1 }).chat(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointError);
    expect((error as Error).message).toMatch(/connection failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\) after 2 attempts/);
    server = await startFakeServer();
  });

  it('loses nothing when faults hit a concurrent run', async () => {
    const faults: Fault[] = ['rate_limit', 'server_error', 'unavailable', 'reset', 'invalid_json', 'truncated', 'empty_choices', 'hang'];
    const seen = new Map<string, number>();
    server.respondWith((body) => {
      const q = body.messages[0].content as string;
      const n = seen.get(q) ?? 0;
      seen.set(q, n + 1);
      const i = Number(q.slice(1));
      // Every other question fails once (each fault in turn) before it is answered.
      if (n === 0 && i % 2 === 0) return { kind: 'fault', fault: faults[(i / 2) % faults.length]!, retryAfterSeconds: 0 };
      return { kind: 'message', content: `answer to ${q}`, delayMs: 2 };
    });
    // The timeout cuts the hung requests; 300 ms also cut answered ones on a loaded machine (two extra retries).
    const llm = client({ concurrency: 6, timeoutMs: 1_000 });
    const questions = Array.from({ length: 48 }, (_, i) => `q${i}`);
    const results = await Promise.all(questions.map((q) => llm.chat({ messages: [{ role: 'user', content: q }] })));
    expect(results.map((r) => r.message.content)).toEqual(questions.map((q) => `answer to ${q}`));
    expect(server.requests).toHaveLength(48 + 24);
    expect(llm.usage()).toMatchObject({ requests: 72, retries: 24 });
    expect(server.peakInFlight).toBeLessThanOrEqual(6);
  });
});
