/**
 * The LLM client's overhead against the loopback OpenAI-compatible server, run in its own
 * process so client and server do not share a CPU. For a server that answers at once (the
 * client's own cost dominates) and one that takes 50 ms like a (very fast) model: requests per
 * second at concurrency 1 and 32, through LlmClient and through bare fetch() with the same body,
 * and the latency the client adds per request. Cache hits are measured last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { LlmClient } from '../../pipeline/llm/client.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVERS = [
  { label: 'instant server', delayMs: 0, requests: { 1: 2_000, 32: 10_000 } },
  { label: '50 ms server', delayMs: 50, requests: { 1: 60, 32: 2_000 } },
] as const;

interface Figures {
  rps: number;
  meanMs: number;
  cpuUsPerRequest: number;
}

export async function run(): Promise<void> {
  for (const server of SERVERS) {
    const { url, child } = await startServerProcess(server.delayMs);
    try {
      for (const concurrency of [1, 32] as const) {
        const n = server.requests[concurrency];
        const llm = new LlmClient({ model: 'scripted-model', baseURL: url, cacheDir: null, concurrency });
        await measure(Math.min(n / 10, 200), concurrency, (i) => rawFetch(url, i));
        await measure(Math.min(n / 10, 200), concurrency, (i) => llm.chat(request(`warm ${i}`)));
        const raw = await measure(n, concurrency, (i) => rawFetch(url, i));
        const client = await measure(n, concurrency, (i) => llm.chat(request(`q ${i}`)));
        const label = `${server.label}, concurrency ${concurrency}`;
        print(`${label}, bare fetch`, raw);
        print(`${label}, LlmClient`, client);
        line(`${label}, client adds`, `${((client.meanMs - raw.meanMs) * 1000).toFixed(0)} µs/request latency, throughput ${((client.rps / raw.rps) * 100).toFixed(0)} % of bare fetch`);
      }
      if (server.delayMs === 0) await measureCacheHits(url);
    } finally {
      child.kill('SIGTERM');
    }
  }
}

async function measureCacheHits(url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'asynctool-bench-cache-'));
  try {
    const fill = new LlmClient({ model: 'scripted-model', baseURL: url, cacheDir: dir, concurrency: 32 });
    print('cache misses, concurrency 32 (writes entries)', await measure(2_000, 32, (i) => fill.chat(request(`c ${i}`))));
    const rerun = new LlmClient({ model: 'scripted-model', baseURL: url, cacheDir: dir, concurrency: 32 });
    print('cache hits, concurrency 32 (rerun)', await measure(2_000, 32, (i) => rerun.chat(request(`c ${i}`))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function request(content: string) {
  return { messages: [{ role: 'user' as const, content }] };
}

function rawFetch(url: string, i: number): Promise<unknown> {
  return fetch(`${url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer no-key' },
    body: JSON.stringify({ model: 'scripted-model', messages: request(`raw ${i}`).messages, temperature: 0 }),
  }).then((res) => res.json());
}

async function measure(n: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<Figures> {
  const limit = pLimit(concurrency);
  let latencySum = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      limit(async () => {
        const t = performance.now();
        await call(i);
        latencySum += performance.now() - t;
      }),
    ),
  );
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { rps: (n / elapsedMs) * 1000, meanMs: latencySum / n, cpuUsPerRequest: (used.user + used.system) / n };
}

function print(label: string, f: Figures): void {
  line(label, `${f.rps.toFixed(0)} requests/s, mean latency ${f.meanMs.toFixed(3)} ms, client-process CPU ${f.cpuUsPerRequest.toFixed(0)} µs/request`);
}

function line(label: string, value: string): void {
  process.stdout.write(`${label.padEnd(52)} ${value}\n`);
}

async function startServerProcess(delayMs: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/support/openai-server.ts'), '0', String(delayMs)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`test server exited with ${code}`)));
  });
  return { url, child };
}
