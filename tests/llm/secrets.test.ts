import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { LlmClient } from '../../pipeline/llm/client.ts';
import type { Logger } from '../../pipeline/core/log.ts';
import { startFakeServer, type FakeServer } from '../support/openai-server.ts';

const KEY = 'sk-proj-TESTSECRET-4f9a2c7e1b';
let server: FakeServer;
let dir: string;
beforeEach(async () => {
  server = await startFakeServer();
  dir = mkdtempSync(join(tmpdir(), 'asynctool-llm-secret-'));
  process.env.ASYNCTOOL_SECRET_TEST_KEY = KEY;
});
afterEach(async () => {
  delete process.env.ASYNCTOOL_SECRET_TEST_KEY;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the API key', () => {
  it('reaches the endpoint and never a file the run writes, nor an error message', async () => {
    const logFile = join(dir, 'run.log');
    const logger: Logger = { info: (m) => appendFileSync(logFile, m + '\n'), warn: (m) => appendFileSync(logFile, `warning: ${m}\n`) };
    const llm = new LlmClient({ model: 'scripted-model', baseURL: server.url, apiKeyEnv: 'ASYNCTOOL_SECRET_TEST_KEY', cacheDir: join(dir, 'cache'), retryBaseMs: 1, logger });
    // The 401 body echoes the key, as the OpenAI API does.
    server.enqueue({ kind: 'fault', fault: 'unauthorized' }, { kind: 'fault', fault: 'rate_limit', retryAfterSeconds: 0 }, { kind: 'message', content: 'fine' });
    const error = (await llm.chat({ messages: [{ role: 'user', content: 'a' }] }).catch((e: unknown) => e)) as Error;
    appendFileSync(logFile, `error: ${error.message}\n${error.stack}\n${JSON.stringify(error)}\n`);
    await llm.chat({ messages: [{ role: 'user', content: 'b' }] });
    await llm.json({ messages: [{ role: 'user', content: 'c' }], schema: (await import('zod')).z.string(), schemaName: 'S' }).catch((e: Error) => appendFileSync(logFile, `${e.message}\n`));
    appendFileSync(logFile, JSON.stringify(llm.usage()));

    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(error.message).toMatch(/HTTP 401: Incorrect API key provided: \[redacted\]/);
    const files = fg.sync('**/*', { cwd: dir, dot: true, absolute: true });
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain('TESTSECRET');
  });
});
