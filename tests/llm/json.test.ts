import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ModelReplyError } from '../../pipeline/core/errors.ts';
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
const Paraphrase = z.object({ query: z.string().min(1), keptValues: z.array(z.string()), note: z.string().optional() });
const req = { messages: [{ role: 'user' as const, content: 'paraphrase it' }], schema: Paraphrase, schemaName: 'Paraphrase' };

describe('LlmClient.json', () => {
  it('asks for the schema with response_format json_schema and returns the validated value', async () => {
    server.enqueue({ kind: 'message', content: '{"query": "Book a table", "keptValues": ["7pm"]}' });
    const result = await client().json(req);
    expect(result.value).toEqual({ query: 'Book a table', keptValues: ['7pm'] });
    const format = server.requests[0]!.body.response_format;
    expect(format).toMatchObject({ type: 'json_schema', json_schema: { name: 'Paraphrase', strict: false, schema: { type: 'object', required: ['query', 'keptValues'] } } });
    expect(format.json_schema.schema).not.toHaveProperty('$schema');
  });

  it.each([
    ['a ```json fence', 'Here you go:\n```json\n{"query": "q", "keptValues": []}\n```'],
    ['prose around the object', 'Sure! {"query": "q {with braces}", "keptValues": []} Hope that helps.'],
  ])('extracts JSON from %s', async (_, content) => {
    server.enqueue({ kind: 'message', content });
    expect((await client().json(req)).value).toEqual({ query: expect.stringMatching(/^q/), keptValues: [] });
  });

  it('rejects a reply that is not JSON with ModelReplyError carrying the raw reply', async () => {
    server.enqueue({ kind: 'message', content: '{"query": "q", "keptValues": [' });
    const error = (await client()
      .json(req)
      .catch((e: unknown) => e)) as ModelReplyError;
    expect(error).toBeInstanceOf(ModelReplyError);
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.reply).toBe('{"query": "q", "keptValues": [');
  });

  it('rejects JSON of the wrong shape, naming the path', async () => {
    server.enqueue({ kind: 'message', content: '{"query": "", "keptValues": "7pm"}' });
    const error = (await client()
      .json(req)
      .catch((e: unknown) => e)) as ModelReplyError;
    expect(error).toBeInstanceOf(ModelReplyError);
    expect(error.message).toMatch(/does not match Paraphrase: query: .*; keptValues: /);
    expect(error.reply).toBe('{"query": "", "keptValues": "7pm"}');
  });

  it('falls back to plain text JSON, once and for good, when the endpoint refuses response_format', async () => {
    const warnings: string[] = [];
    server.enqueue({ kind: 'fault', fault: 'bad_request' }, { kind: 'message', content: '{"query": "q1", "keptValues": []}' }, { kind: 'message', content: '{"query": "q2", "keptValues": []}' });
    const llm = client({ logger: { info: () => {}, warn: (m) => warnings.push(m) } });
    expect((await llm.json(req)).value.query).toBe('q1');
    expect((await llm.json({ ...req, messages: [{ role: 'user', content: 'again' }] })).value.query).toBe('q2');
    expect(server.requests.map((r) => 'response_format' in r.body)).toEqual([true, false, false]);
    expect(warnings).toEqual([expect.stringMatching(/refuses response_format/)]);
  });

  it('can be told not to send response_format at all', async () => {
    server.enqueue({ kind: 'message', content: '{"query": "q", "keptValues": []}' });
    await client({ structuredOutput: false }).json(req);
    expect(server.requests[0]!.body).not.toHaveProperty('response_format');
  });
});
