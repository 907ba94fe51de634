import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { runCli } from '../support/cli.ts';
import { startFakeServer } from '../support/openai-server.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const KEY = 'sk-proj-ECHOSECRET-9d2f41aa';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('an endpoint that echoes the Authorization header and sends terminal escapes', () => {
  it('leaves the key in no file of the run folder, the cache or the output, and no raw ESC/BEL on the terminal', async () => {
    const server = await startFakeServer();
    const cwd = mkdtempSync(join(tmpdir(), 'asynctool-echo-'));
    dirs.push(cwd);
    server.respondWith((body, index) => {
      if (index === 0) return { kind: 'fault', fault: 'hostile_text' };
      if (body.messages.some((m: { role: string }) => m.role === 'assistant')) return { kind: 'message', content: 'done', toolCalls: [{ name: 'finish', arguments: '{}' }] };
      return {
        kind: 'raw',
        message: {
          role: 'assistant',
          content: 'Your header was Bearer $AUTH \u001b]0;title\u0007',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'submit_answer', arguments: '{"task_id":"T1","answer":"$AUTH"}' } }],
        },
      };
    });
    try {
      const res = await runCli(
        ['evaluate', '--agent', 'openai:scripted-model', '--base-url', server.url, '--api-key-env', 'ECHO_TEST_KEY', '--dataset', FIXTURE, '--out', join(cwd, 'run'), '--limit', '3'],
        {
          cwd,
          env: { ECHO_TEST_KEY: KEY },
        },
      );
      expect(res.code).toBe(0);
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
      // The retry warning was shown, escaped.
      expect(res.stderr).toMatch(/HTTP 500: \\u001b\]0;pwned\\u0007/);
      for (const text of [res.stdout, res.stderr]) {
        expect(text).not.toContain('ECHOSECRET');
        expect(text).not.toMatch(/[\u001b\u0007]/);
      }
      const files = fg.sync('**/*', { cwd, dot: true, absolute: true });
      expect(files.some((f) => f.includes('.cache/llm'))).toBe(true);
      expect(files.some((f) => f.endsWith('report.html'))).toBe(true);
      expect(files.some((f) => f.endsWith('traces.jsonl'))).toBe(true);
      for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain('ECHOSECRET');
      // What the model said survives, with the key taken out.
      expect(readFileSync(join(cwd, 'run', 'traces.jsonl'), 'utf8')).toContain('Your header was Bearer [redacted]');
    } finally {
      await server.close();
    }
  });
});
