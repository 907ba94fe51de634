/**
 * `npm run bench -- pipeline`: throughput of the default offline build (samples per second) and
 * dedup time on 10,000 and 100,000 synthetic samples, to show near-linear growth.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../pipeline/core/log.ts';
import { rngFor, type Rng } from '../../pipeline/core/rng.ts';
import { loadConfig } from '../../pipeline/config/load.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { buildDataset } from '../../pipeline/stages/build.ts';
import { dedupSamples } from '../../pipeline/stages/dedup/index.ts';
import { SCHEMA_VERSION, type Sample } from '../../pipeline/schema/sample.ts';

const VOCABULARY = Array.from({ length: 2000 }, (_, i) => `w${i.toString(36)}`);
const TOOLS = ['ls', 'cat', 'send_message', 'post_tweet', 'place_order', 'get_stock_info', 'add', 'mean'];

function query(rng: Rng): string {
  return Array.from({ length: 18 + rng.int(0, 14) }, () => rng.pick(VOCABULARY)).join(' ');
}

/** Synthetic samples: random queries over a 2,000-word vocabulary, 5% near copies of an earlier one. */
export function syntheticSamples(n: number): Sample[] {
  const rng = rngFor('bench-dedup', n);
  const out: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const copyOf = i > 10 && rng.next() < 0.05 ? out[rng.int(0, i - 1)] : undefined;
    const tasks = copyOf
      ? copyOf.tasks.map((t) => ({ ...t, query: t.query.replace(/^\S+/, rng.pick(VOCABULARY)) }))
      : Array.from({ length: rng.int(2, 3) }, (_, k) => ({
          id: `T${k + 1}`,
          toolkit: 'bench',
          query: query(rng),
          calls: [{ id: 'c1', tool: rng.pick(TOOLS), args: {} }],
          answer: { $ref: 'c1' },
        }));
    out.push({
      id: `s${String(i).padStart(7, '0')}`,
      schemaVersion: SCHEMA_VERSION,
      tasks,
      tools: TOOLS,
      latencies: {},
      meta: { pattern: 'independent', regime: 'none', turnCost: 1, oracleMakespan: 1, sequentialMakespan: 2, toolkits: ['bench'] },
    });
  }
  return out;
}

async function benchBuild(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-build-'));
  try {
    const { config } = loadConfig('pipeline.config.yaml');
    const registry = await loadRegistry(config.toolkits);
    const started = performance.now();
    const stats = await buildDataset({ ...config, workDir: join(dir, 'work'), outDir: dir }, { registry, logger: silentLogger, force: true });
    const seconds = (performance.now() - started) / 1000;
    const samples = stats.at(-1)!.out;
    process.stdout.write(`offline build (pipeline.config.yaml): ${samples} samples in ${seconds.toFixed(2)} s = ${(samples / seconds).toFixed(1)} samples/s\n`);
    for (const s of stats) process.stdout.write(`  ${s.stage.padEnd(9)} ${String(s.in).padStart(5)} in ${String(s.out).padStart(5)} out  ${(s.timeMs / 1000).toFixed(2)} s\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchDedup(): void {
  const { dedup } = loadConfig('pipeline.config.yaml').config;
  const times: number[] = [];
  for (const n of [10_000, 100_000]) {
    const samples = syntheticSamples(n);
    const started = performance.now();
    const result = dedupSamples(samples, dedup);
    const ms = performance.now() - started;
    times.push(ms);
    process.stdout.write(
      `dedup ${n.toLocaleString('en-US')} samples: ${(ms / 1000).toFixed(2)} s (${Math.round(n / (ms / 1000)).toLocaleString('en-US')} samples/s), ` +
        `${result.near.length} near + ${result.exact.length} exact duplicates dropped, ${(result.comparisons / n).toFixed(2)} signature comparisons per sample\n`,
    );
  }
  process.stdout.write(`dedup growth 10k -> 100k: ${(times[1]! / times[0]!).toFixed(1)}x time for 10x records (linear = 10x, all-pairs = 100x)\n`);
}

export async function run(): Promise<void> {
  await benchBuild();
  benchDedup();
}
