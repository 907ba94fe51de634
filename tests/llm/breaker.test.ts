import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CircuitOpen, LlmClient } from '../../pipeline/llm/client.ts';
import { startFakeServer, type FakeServer } from '../support/openai-server.ts';

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => {
  await server.close();
});
const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('the circuit breaker', () => {
  it('opens after N failed attempts in a row, naming the endpoint and the failure; later requests are refused unsent', async () => {
    server.respondWith(() => ({ kind: 'fault', fault: 'server_error' }));
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: null, retryBaseMs: 1, maxRetries: 50, maxConsecutiveFailures: 3 });
    const err = await llm.chat(ask).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpen);
    expect((err as Error).message).toMatch(/^m at 127\.0\.0\.1:\d+\/v1: 3 requests in a row failed \(last: HTTP 500: .*\); stopped by the circuit breaker/);
    expect(server.requests).toHaveLength(3);
    await expect(llm.chat({ messages: [{ role: 'user', content: 'other' }] })).rejects.toBe(err);
    expect(server.requests).toHaveLength(3);
  });

  it('counts non-retryable failures too, and a success resets the count', async () => {
    server.enqueue(
      { kind: 'fault', fault: 'bad_request' },
      { kind: 'fault', fault: 'bad_request' },
      { kind: 'message', content: 'ok' },
      ...Array.from({ length: 3 }, () => ({ kind: 'fault' as const, fault: 'bad_request' as const })),
    );
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: null, maxConsecutiveFailures: 3 });
    const send = (n: number) =>
      llm.chat({ messages: [{ role: 'user', content: `q${n}` }] }).then(
        () => 'ok',
        (e: Error) => e.constructor.name,
      );
    expect([await send(1), await send(2), await send(3), await send(4), await send(5)]).toEqual(['EndpointError', 'EndpointError', 'ok', 'EndpointError', 'EndpointError']);
    expect(await send(6)).toBe('CircuitOpen');
  });

  it('opens when failures go on longer than maxSilenceMs after the last success', async () => {
    server.respondWith(() => ({ kind: 'fault', fault: 'rate_limit', retryAfterSeconds: 0.01 }));
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: null, maxRetries: 1_000, maxConsecutiveFailures: 1_000_000, maxSilenceMs: 30 });
    const err = (await llm.chat(ask).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(CircuitOpen);
    expect(err.message).toMatch(/no successful reply for \d+ s \(last: HTTP 429/);
  });

  it('cuts hung requests short when it opens', async () => {
    // One request fails at once and opens the breaker; the other hangs and must not wait for its timeout.
    server.respondWith((body) => (body.messages[0].content === 'hang' ? { kind: 'fault', fault: 'hang' } : { kind: 'fault', fault: 'bad_request' }));
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: null, timeoutMs: 3_600_000, maxConsecutiveFailures: 1 });
    const hung = llm.chat({ messages: [{ role: 'user', content: 'hang' }] }).catch((e: unknown) => e);
    while (server.requests.length === 0) await new Promise((r) => setImmediate(r));
    await llm.chat(ask).catch(() => {});
    expect(await hung).toBeInstanceOf(CircuitOpen);
  });
});
