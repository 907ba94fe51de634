#!/usr/bin/env node
// Runs the compiled CLI from dist/ (built by `npm ci` through `prepare`) when it is at least as new
// as every source it was built from; otherwise the sources through tsx, so an edited checkout never runs
// stale code. ASYNCTOOL_FROM_SOURCE=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.built');

/** Whether a file under `dir` that the build compiles or copies (`keep`) changed after `since`. */
function newerSource(dir, since, keep) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (newerSource(path, since, keep)) return true;
    } else if (keep(entry.name) && statSync(path).mtimeMs > since) return true;
  }
  return false;
}

function compiledIsFresh() {
  if (process.env.ASYNCTOOL_FROM_SOURCE === '1' || !existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return !newerSource(join(root, 'pipeline'), built, () => true) && !newerSource(join(root, 'toolkits'), built, (n) => n.endsWith('.ts'));
}

let main;
if (compiledIsFresh()) {
  ({ main } = await import('../dist/pipeline/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../pipeline/cli/main.ts'));
}
// main() never exits: it returns the status. Ctrl-C during evaluate prints where the run is saved, then exits 130.
process.exitCode = await main(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt: (notice) =>
    process.once('SIGINT', () => {
      notice();
      process.exit(130);
    }),
});
