/**
 * Validation throughput: the seed corpus replicated to 100,000 tasks in one JSONL file,
 * validated by the same code as `asynctool validate` (schema, structure, gold replay).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { loadSeeds } from '../../pipeline/world/seeds.ts';
import { validatePaths } from '../../pipeline/validate/files.ts';

const TARGET = Number(process.env.BENCH_VALIDATE_TASKS ?? 100_000);

export async function run(): Promise<void> {
  const registry = await loadRegistry();
  const seeds = loadSeeds(['seeds']).map((s) => s.task);
  const dir = mkdtempSync(join(tmpdir(), 'asynctool-bench-validate-'));
  const file = join(dir, 'tasks.jsonl');
  const out = createWriteStream(file);
  for (let i = 0; i < TARGET; i++) {
    const t = seeds[i % seeds.length]!;
    if (!out.write(JSON.stringify({ ...t, id: `${t.id}#${i}` }) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const mb = statSync(file).size / 1e6;

  let peakRss = process.memoryUsage().rss;
  const baseRss = peakRss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const start = performance.now();
  let problems = 0;
  const summary = await validatePaths([file], registry, () => problems++);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  rmSync(dir, { recursive: true, force: true });

  process.stdout.write(
    `validated ${summary.records} tasks (${mb.toFixed(1)} MB JSONL, ${seeds.length} distinct seeds) in ${seconds.toFixed(2)} s: ` +
      `${Math.round(summary.records / seconds)} records/s; ${problems} problem(s)\n` +
      `memory: RSS ${(baseRss / 1e6).toFixed(0)} MB before, peak ${(peakRss / 1e6).toFixed(0)} MB during (streamed, not loaded whole)\n`,
  );
}
