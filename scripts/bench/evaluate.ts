/**
 * Evaluation throughput with the oracle agent on 10,000+ episodes: the engine and scorer in
 * memory (every episode a distinct sample object, so nothing is memoised across episodes), on
 * one thread and on one worker thread per core; then the whole `evaluate` path with
 * traces.jsonl and summary.json written to a temp folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toJsonl } from '../../pipeline/core/jsonl.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { readDataset } from '../../pipeline/env/dataset.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { runEvaluation } from '../../pipeline/evaluate/run.ts';
import { createAgent } from '../../pipeline/agents/registry.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';

const EPISODES = 10_000;
const FIXTURE = fileURLToPath(new URL('../../tests/fixtures/datasets/small.jsonl', import.meta.url));

function replicate(base: Sample[], n: number): Sample[] {
  return Array.from({ length: n }, (_, i) => ({ ...structuredClone(base[i % base.length]!), id: `${base[i % base.length]!.id}#${i}` }));
}

/** Runs `count` oracle episodes with scoring; returns the simulated calls made. */
async function engineAndScorer(samples: Sample[], registry: Awaited<ReturnType<typeof loadRegistry>>): Promise<{ calls: number; solved: number }> {
  const oracle = createAgent('oracle');
  let calls = 0;
  let solved = 0;
  for (const s of samples) {
    const trace = await runEpisode(s, oracle, registry);
    calls += trace.calls.length;
    if (scoreSample(s, trace, registry).taskSuccess) solved++;
  }
  return { calls, solved };
}

async function prepare(count: number) {
  const registry = await loadRegistry();
  const base = await readDataset(FIXTURE, registry);
  // Warm-up: JIT, validators and module loading are not part of the figure.
  await engineAndScorer(replicate(base, 500), registry);
  return { registry, samples: replicate(base, count) };
}

function report(label: string, episodes: number, calls: number, secs: number): void {
  process.stdout.write(
    `${label}: ${episodes} episodes in ${secs.toFixed(2)} s, ${(episodes / secs).toFixed(0)} episodes/s, ${(calls / secs).toFixed(0)} simulated tool calls/s (${(calls / episodes).toFixed(1)} calls/episode)\n`,
  );
}

/** One worker per core, each with its own share of distinct samples, timed from a common start. */
async function parallel(threads: number): Promise<{ calls: number; secs: number }> {
  // A worker does not inherit tsx's loader: its entry registers tsx, then imports this module.
  const entry = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
  const workers = Array.from({ length: threads }, () => new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData: { episodes: Math.ceil(EPISODES / threads) } }));
  const message = (w: Worker) => new Promise<any>((resolve, reject) => w.once('message', resolve).once('error', reject));
  await Promise.all(workers.map(message));
  const t0 = performance.now();
  const results = await Promise.all(
    workers.map((w) => {
      w.postMessage('go');
      return message(w);
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return { calls: results.reduce((s, r) => s + r.calls, 0), secs };
}

if (!isMainThread && workerData?.episodes) {
  const { registry, samples } = await prepare(workerData.episodes);
  parentPort!.postMessage('ready');
  parentPort!.once('message', async () => parentPort!.postMessage(await engineAndScorer(samples, registry)));
}

export async function run(): Promise<void> {
  const { registry, samples } = await prepare(EPISODES);
  const t0 = performance.now();
  const { calls, solved } = await engineAndScorer(samples, registry);
  report('engine + scorer, oracle, 1 thread', EPISODES, calls, (performance.now() - t0) / 1000);
  process.stdout.write(`  (${solved}/${EPISODES} episodes solved)\n`);

  const threads = Math.max(2, availableParallelism());
  const par = await parallel(threads);
  report(`engine + scorer, oracle, ${threads} worker threads`, Math.ceil(EPISODES / threads) * threads, par.calls, par.secs);

  const dir = mkdtempSync(join(tmpdir(), 'asynctool-bench-'));
  try {
    const dataset = join(dir, 'dataset.jsonl');
    writeFileSync(dataset, toJsonl(samples));
    const t1 = performance.now();
    const result = await runEvaluation({ dataset, agent: 'oracle', out: join(dir, 'run'), logger: silentLogger, progress: () => ({ tick() {}, done() {} }) });
    const secs2 = (performance.now() - t1) / 1000;
    process.stdout.write(
      `full evaluate (read dataset, run, score, append traces.jsonl, summary.json): ${result.ran} episodes in ${secs2.toFixed(2)} s, ${(result.ran / secs2).toFixed(0)} episodes/s\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
