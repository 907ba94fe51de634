/**
 * What loading a toolkit plugin adds to a command's start-up: the same command run in fresh
 * processes with and without `--toolkits <plugin>` (a scaffolded plugin with seeds, so the
 * load-time determinism check runs too). Median of several runs each.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldToolkit } from '../../pipeline/scaffold/new-toolkit.ts';

const RUNS = 7;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeCommand(args: string[]): number {
  const start = performance.now();
  execFileSync(process.execPath, ['bin/asynctool.mjs', ...args], { stdio: 'ignore' });
  return performance.now() - start;
}

export async function run(): Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'asynctool-bench-plugin-'));
  const { dir } = scaffoldToolkit('bench_plugin', parent);
  const target = 'tests/fixtures/validate/good.yaml';
  const base = ['validate', '--toolkits', 'tests/fixtures/toolkits', target];
  timeCommand(base); // warm the file cache
  const without: number[] = [];
  const withPlugin: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    without.push(timeCommand(base));
    withPlugin.push(timeCommand([...base.slice(0, 3), '--toolkits', dir, target]));
  }
  rmSync(parent, { recursive: true, force: true });
  const a = median(without);
  const b = median(withPlugin);
  process.stdout.write(
    `start-up of \`asynctool validate\`: ${a.toFixed(0)} ms without a plugin, ${b.toFixed(0)} ms with one plugin (median of ${RUNS} fresh processes)\n` +
      `plugin loading adds ${(b - a).toFixed(0)} ms (load, schema check, determinism replay of its seeds)\n`,
  );
}
