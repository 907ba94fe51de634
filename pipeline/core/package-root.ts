import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json, prompts/, schemas/, toolkits/ and templates/. The code runs
 * from the sources (`pipeline/…`, through tsx) or compiled (`dist/pipeline/…`), so the root is
 * found by walking up rather than by a fixed number of `..`.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'pipeline'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no AsyncTool package root above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot();

/** True when this process runs the compiled JavaScript in dist/ rather than the TypeScript sources. */
export const RUNS_COMPILED = import.meta.url.endsWith('.js');

/** A path under the package root. */
export function rootPath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/** The compiled twin in dist/ of a TypeScript source file of this package, or undefined. */
export function compiledTwin(file: string): string | undefined {
  const rel = relative(PACKAGE_ROOT, resolve(file));
  if (rel.startsWith('..') || !rel.endsWith('.ts')) return undefined;
  const twin = join(PACKAGE_ROOT, 'dist', rel.replace(/\.ts$/, '.js'));
  return existsSync(twin) ? twin : undefined;
}
