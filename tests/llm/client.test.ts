import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { LlmClient, type LlmClientOptions } from '../../pipeline/llm/client.ts';
import { startFakeServer, type FakeServer } from '../support/openai-server.ts';

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(async () => {
  await server.close();
});

const client = (extra: Partial<LlmClientOptions> = {}) => new LlmClient({ model: 'scripted-model', baseURL: server.url, cacheDir: null, retryBaseMs: 1, ...extra });

const weatherTool: OpenAI.Chat.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

describe('LlmClient against an OpenAI-compatible server', () => {
  it('sends the OpenAI wire format and returns the message, finish reason and usage', async () => {
    server.enqueue({ kind: 'message', content: 'hello', usage: { prompt_tokens: 12, completion_tokens: 3 } });
    const result = await client().chat({ messages: [{ role: 'user', content: 'hi' }], tools: [weatherTool], temperature: 0.7, maxTokens: 50, parallelToolCalls: false });
    expect(result.message.content).toBe('hello');
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 3 });
    expect(result.cached).toBe(false);
    expect(result.latencyMs).toBeGreaterThan(0);
    const body = server.requests[0]!.body;
    expect(body).toMatchObject({ model: 'scripted-model', messages: [{ role: 'user', content: 'hi' }], tools: [weatherTool], temperature: 0.7, max_tokens: 50, parallel_tool_calls: false });
    expect(body.stream).toBeFalsy();
  });

  it('leaves parallel_tool_calls out when no tools are offered (some servers reject it)', async () => {
    await client().chat({ messages: [{ role: 'user', content: 'hi' }], parallelToolCalls: true });
    expect(server.requests[0]!.body).not.toHaveProperty('parallel_tool_calls');
    expect(server.requests[0]!.body).not.toHaveProperty('tools');
  });

  it('returns tool calls, and malformed arguments raw for the agent to answer', async () => {
    server.enqueue({
      kind: 'message',
      toolCalls: [
        { name: 'get_weather', arguments: '{"city": "Oslo"}', id: 'call_a' },
        { name: 'get_weather', arguments: '{"city": "Par', id: 'call_b' },
      ],
    });
    const result = await client().chat({ messages: [{ role: 'user', content: 'weather in Oslo and Paris' }], tools: [weatherTool] });
    expect(result.finishReason).toBe('tool_calls');
    const calls = result.message.tool_calls!.map((c) => (c.type === 'function' ? [c.id, c.function.name, c.function.arguments] : []));
    expect(calls).toEqual([
      ['call_a', 'get_weather', '{"city": "Oslo"}'],
      ['call_b', 'get_weather', '{"city": "Par'],
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('sums usage and latency over a run', async () => {
    server.respondWith(() => ({ kind: 'message', content: 'x', usage: { prompt_tokens: 7, completion_tokens: 2 } }));
    const llm = client();
    const results = await Promise.all([1, 2, 3].map((i) => llm.chat({ messages: [{ role: 'user', content: `q${i}` }] })));
    const usage = llm.usage();
    expect(usage).toMatchObject({ requests: 3, cachedResponses: 0, promptTokens: 21, completionTokens: 6, retries: 0 });
    expect(usage.totalLatencyMs).toBeCloseTo(
      results.reduce((s, r) => s + r.latencyMs, 0),
      6,
    );
  });

  it('keeps at most `concurrency` requests in flight, shared by every caller', async () => {
    server.respondWith((body) => ({ kind: 'message', content: body.messages[0].content, delayMs: 10 }));
    const llm = client({ concurrency: 3 });
    const asks = Array.from({ length: 12 }, (_, i) => llm.chat({ messages: [{ role: 'user', content: `q${i}` }] }));
    const results = await Promise.all(asks);
    expect(results.map((r) => r.message.content)).toEqual(Array.from({ length: 12 }, (_, i) => `q${i}`));
    expect(server.peakInFlight).toBe(3);
  });

  it('sends the key from the configured env var, and a placeholder when it is unset', async () => {
    process.env.ASYNCTOOL_TEST_KEY_A = 'sk-test-configured-0123456789';
    try {
      await client({ apiKeyEnv: 'ASYNCTOOL_TEST_KEY_A' }).chat({ messages: [{ role: 'user', content: 'a' }] });
      await client({ apiKeyEnv: 'ASYNCTOOL_TEST_KEY_UNSET' }).chat({ messages: [{ role: 'user', content: 'b' }] });
    } finally {
      delete process.env.ASYNCTOOL_TEST_KEY_A;
    }
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-test-configured-0123456789');
    expect(server.requests[1]!.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(server.requests[1]!.headers.authorization).not.toContain('sk-test-configured');
  });

  it('serves /v1/models to the SDK', async () => {
    const sdk = new OpenAI({ baseURL: server.url, apiKey: 'unused', maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of sdk.models.list()) ids.push(model.id);
    expect(ids).toEqual(['scripted-model']);
  });
});
