/**
 * `npm run bench [-- name...]`: runs every benchmark module in scripts/bench/ (or the named ones)
 * and prints its figures with units. Benchmarks are scripts, never timed assertions in tests.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { basename, dirname, join } from 'node:path';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'bench');
const wanted = process.argv.slice(2);
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => basename(f, '.ts'))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

if (modules.length === 0) {
  process.stderr.write(`no benchmark named ${wanted.join(', ')}; available: ${readdirSync(dir).map((f) => basename(f, '.ts')).join(', ')}\n`);
  process.exit(1);
}
for (const name of modules) {
  process.stdout.write(`\n== ${name} ==\n`);
  const mod = (await import(pathToFileURL(join(dir, `${name}.ts`)).href)) as { run: () => Promise<void> };
  await mod.run();
}
