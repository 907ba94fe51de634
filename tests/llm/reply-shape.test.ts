import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { z } from 'zod';
import { LlmClient } from '../../pipeline/llm/client.ts';
import { checkReply } from '../../pipeline/llm/reply-shape.ts';
import { startFakeServer, type FakeServer } from '../support/openai-server.ts';

let server: FakeServer;
let dir: string;
beforeEach(async () => {
  server = await startFakeServer();
  dir = mkdtempSync(join(tmpdir(), 'asynctool-shape-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (fn: unknown, extra: Record<string, unknown> = {}) => ({ id: 'call_1', type: 'function', function: fn, ...extra });
const MALFORMED: [string, unknown, string?][] = [
  ['tool_calls is a string', { role: 'assistant', content: null, tool_calls: 'get_time()' }],
  ['tool_calls is an object', { role: 'assistant', content: null, tool_calls: { name: 'x' } }],
  ['arguments is an object', { role: 'assistant', content: null, tool_calls: [call({ name: 'mean', arguments: { numbers: [1] } })] }],
  ['arguments is a number', { role: 'assistant', content: null, tool_calls: [call({ name: 'mean', arguments: 42 })] }],
  ['a call without function', { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function' }] }],
  ['a call whose name is a number', { role: 'assistant', content: null, tool_calls: [call({ name: 42, arguments: '{}' })] }],
  ['content is an object', { role: 'assistant', content: { answer: 1 } }],
  ['duplicate tool-call ids', { role: 'assistant', content: null, tool_calls: [call({ name: 'a', arguments: '{}' }), call({ name: 'b', arguments: '{}' })] }],
  ['a call without id', { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'a', arguments: '{}' } }] }],
  ['cut off by length', { role: 'assistant', content: 'half an ans' }, 'length'],
];

describe('replies are checked against the chat-completion shape', () => {
  it.each(MALFORMED)('%s: repaired, flagged, and never cached', async (_name, message, finishReason) => {
    server.enqueue({ kind: 'raw', message, finishReason: finishReason ?? 'tool_calls' });
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: join(dir, 'cache') });
    const res = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(res.issues.length).toBeGreaterThan(0);
    expect(res.message.content === null || typeof res.message.content === 'string').toBe(true);
    const ids = (res.message.tool_calls ?? []).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of (res.message.tool_calls ?? []) as OpenAI.Chat.ChatCompletionMessageFunctionToolCall[]) {
      expect(typeof c.function.name).toBe('string');
      expect(typeof c.function.arguments).toBe('string');
    }
    expect(fg.sync('**/*.json', { cwd: join(dir, 'cache') })).toEqual([]);
    // Asked again, the endpoint is asked again (the broken reply was not replayed from the cache).
    await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.requests).toHaveLength(2);
  });

  it('a well-formed reply with tool_calls null is fine and cached', async () => {
    server.enqueue({ kind: 'raw', message: { role: 'assistant', content: 'hello', tool_calls: null } });
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: join(dir, 'cache') });
    const res = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(res.issues).toEqual([]);
    expect(res.message.tool_calls).toBeUndefined();
    expect(fg.sync('**/*.json', { cwd: join(dir, 'cache') })).toHaveLength(1);
    await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(server.requests).toHaveLength(1);
  });

  it('usage that is not a count costs 0 tokens, not a string in the totals', async () => {
    server.enqueue({ kind: 'raw', message: { role: 'assistant', content: 'x' }, usage: { prompt_tokens: 'abc', completion_tokens: -3 } });
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: null });
    const res = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(res.usage).toEqual({ promptTokens: 0, completionTokens: 0 });
    expect(llm.usage().promptTokens).toBe(0);
  });

  it("json() survives content that is an object (build's replies)", async () => {
    server.enqueue({ kind: 'raw', message: { role: 'assistant', content: { name: 'x' } } });
    const llm = new LlmClient({ model: 'm', baseURL: server.url, cacheDir: null, structuredOutput: false });
    const res = await llm.json({ messages: [{ role: 'user', content: 'hi' }], schema: z.object({ name: z.string() }), schemaName: 'N' });
    expect(res.value).toEqual({ name: 'x' });
  });

  it('checkReply names each problem', () => {
    const { issues, message } = checkReply({ content: null, tool_calls: [call({ name: 'a', arguments: {} }), call({ name: 'b', arguments: 1 }), { id: 'x' }] }, 'length');
    expect(issues).toEqual([
      'tool_calls[0].function.arguments is an object, not a JSON string',
      'tool_calls[1].function.arguments is a number, not a JSON string',
      'tool_calls[1] repeats the id "call_1"',
      'tool_calls[2] names no function; dropped',
      'the reply was cut off at the token limit (finish_reason "length")',
    ]);
    expect((message.tool_calls as OpenAI.Chat.ChatCompletionMessageFunctionToolCall[]).map((c) => [c.id, c.function.arguments])).toEqual([
      ['call_1', '{}'],
      ['call_1_2', '1'],
    ]);
  });
});
