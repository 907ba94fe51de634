/**
 * CLI start-up: `asynctool --help` and `asynctool validate seeds/math.yaml` in fresh processes,
 * compiled (dist/, what `npm ci` builds) against the TypeScript sources through tsx
 * (ASYNCTOOL_FROM_SOURCE=1), beside a bare `node -e 0`. Median of several runs each.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const RUNS = 11;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const runs: number[] = [];
  execFileSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } }); // warm the file cache
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    execFileSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...env } });
    runs.push(performance.now() - start);
  }
  return median(runs);
}

export async function run(): Promise<void> {
  if (!existsSync('dist/.built')) execFileSync('npm', ['run', 'build'], { stdio: 'ignore' });
  const bare = time(['-e', '0']);
  process.stdout.write(`node -e 0                                  ${bare.toFixed(0)} ms\n`);
  for (const [label, args] of [
    ['--help', ['bin/asynctool.mjs', '--help']],
    ['validate seeds/math.yaml', ['bin/asynctool.mjs', 'validate', 'seeds/math.yaml']],
  ] as const) {
    const compiled = time([...args]);
    const source = time([...args], { ASYNCTOOL_FROM_SOURCE: '1' });
    process.stdout.write(`asynctool ${label.padEnd(32)} compiled ${compiled.toFixed(0)} ms, from source ${source.toFixed(0)} ms\n`);
  }
}
