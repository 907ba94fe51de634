/**
 * `npm run bench [-- name...]`: runs every benchmark module in scripts/bench/ (or the named ones),
 * each in a fresh process so one benchmark's heap never slows the next, and prints their figures
 * with units. Benchmarks are scripts, never timed assertions in tests.
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  process.stderr.write(`no benchmark named ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(1);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  process.stdout.write(`\n== ${name} ==\n`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'bench-one.ts'), join(dir, `${name}.ts`)], { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
