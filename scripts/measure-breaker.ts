/**
 * How long `evaluate` takes to stop against a dead endpoint, with the default circuit breaker:
 * a loopback server that hangs on every request, or answers 429 with Retry-After 60 forever.
 *
 *   npx tsx scripts/measure-breaker.ts hang|rate_limit [dataset] [out-dir]
 *
 * Prints the wall time until the CLI exits, its exit code, the requests the server saw and the
 * CLI's error line. The child is killed after 15 minutes whatever happens.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeServer } from '../tests/support/openai-server.ts';

const mode = process.argv[2] === 'rate_limit' ? 'rate_limit' : 'hang';
const dataset = process.argv[3] ?? 'output/asynctool.jsonl';
const out = process.argv[4] ?? join(mkdtempSync(join(tmpdir(), 'asynctool-breaker-')), 'run');
const server = await startFakeServer();
server.respondWith(() => (mode === 'hang' ? { kind: 'fault', fault: 'hang' } : { kind: 'fault', fault: 'rate_limit', retryAfterSeconds: 60 }));
const bin = new URL('../bin/asynctool.mjs', import.meta.url).pathname;
const started = performance.now();
const child = spawn(process.execPath, [bin, 'evaluate', '--agent', 'openai:dead-model', '--base-url', server.url, '--dataset', dataset, '--out', out, '--no-report'], {
  stdio: ['ignore', 'ignore', 'pipe'],
  env: { ...process.env, OPENAI_API_KEY: '' },
});
let stderr = '';
child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
const killer = setTimeout(() => child.kill('SIGKILL'), 900_000);
child.on('exit', (code) => {
  clearTimeout(killer);
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const lines = stderr.split('\n');
  const report = {
    mode,
    dataset,
    exitCode: code,
    seconds,
    requests: server.requests.length,
    retryWarnings: lines.filter((l) => l.startsWith('warning:')).length,
    error: lines.filter((l) => l.startsWith('error:')),
  };
  process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  void server.close().then(() => process.exit(0));
});
