import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function newestUnder(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestUnder(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function compiledIsFresh(): boolean {
  const stamp = join(ROOT, 'dist', '.built');
  return existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(newestUnder(join(ROOT, 'pipeline')), newestUnder(join(ROOT, 'toolkits')));
}

/** Builds dist/ (as `npm ci` does) when it is missing or older than the sources, so a test runs today's code. */
export function ensureCompiled(): void {
  if (!compiledIsFresh()) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'ignore' });
}

/** The same without blocking the event loop, for the global setup (which builds the default dataset meanwhile). */
export async function ensureCompiledAsync(): Promise<void> {
  if (!compiledIsFresh()) await promisify(execFile)(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT });
}

export { ROOT };
