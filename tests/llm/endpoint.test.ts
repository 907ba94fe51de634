import { afterEach, describe, expect, it } from 'vitest';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { LlmClient } from '../../pipeline/llm/client.ts';
import { DEFAULT_BASE_URL, publicEndpoint, resolveBaseUrl } from '../../pipeline/llm/endpoint.ts';

const saved = process.env.OPENAI_BASE_URL;
afterEach(() => {
  if (saved === undefined) delete process.env.OPENAI_BASE_URL;
  else process.env.OPENAI_BASE_URL = saved;
});

describe('the endpoint a client talks to', () => {
  it('refuses a base URL that is not http(s) when the client is made, not after retries', () => {
    let warnings = 0;
    const make = (baseURL: string) => () => new LlmClient({ model: 'm', baseURL, cacheDir: null, logger: { info: () => {}, warn: () => warnings++ } });
    expect(make('ftp://example.test/v1')).toThrow(UserInputError);
    expect(make('ftp://example.test/v1')).toThrow(
      /--base-url "ftp:\/\/example\.test\/v1" is not an http:\/\/ or https:\/\/ URL; give the endpoint.s base, e.g. --base-url http:\/\/localhost:8000\/v1/,
    );
    expect(make('localhost:8000')).toThrow(/"localhost:8000" is not an http/);
    expect(make('not a url')).toThrow(/"not a url" is not an http/);
    expect(make('https://user:s3cret@example.test/v1')).toThrow(/^--base-url "https:\/\/example\.test\/v1" carries a user name or password, .*--api-key-env/);
    expect(warnings).toBe(0);
    expect(make('http://127.0.0.1:9/v1')).not.toThrow();
  });

  it('names $OPENAI_BASE_URL when the bad value came from there, and falls back to the OpenAI API', () => {
    process.env.OPENAI_BASE_URL = 'file:///etc/passwd';
    expect(() => resolveBaseUrl(undefined)).toThrow(/^\$OPENAI_BASE_URL "file:\/\/\/etc\/passwd" is not an http/);
    expect(resolveBaseUrl('https://example.test/v1')).toBe('https://example.test/v1');
    delete process.env.OPENAI_BASE_URL;
    expect(resolveBaseUrl(undefined)).toBe(DEFAULT_BASE_URL);
  });

  it('is recorded as scheme, host and path, without credentials or query', () => {
    expect(publicEndpoint('https://user:s3cret@example.test:8443/v1/?api-key=abc')).toBe('https://example.test:8443/v1');
    expect(publicEndpoint('http://127.0.0.1:8000/v1')).toBe('http://127.0.0.1:8000/v1');
  });
});

describe('a base URL with a query string', () => {
  it('keeps the query after /chat/completions', async () => {
    const { startFakeServer } = await import('../support/openai-server.ts');
    const server = await startFakeServer();
    try {
      const llm = new LlmClient({ model: 'm', baseURL: `${server.url}?api-version=2024-06-01`, cacheDir: null });
      const res = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
      expect(res.message.content).toBe('ok');
      expect(server.requests[0]!.url).toBe('/v1/chat/completions?api-version=2024-06-01');
    } finally {
      await server.close();
    }
  });
});
