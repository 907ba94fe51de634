import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hashValue, sha256 } from '../core/canonical.ts';
import type { Registry } from '../world/registry.ts';
import { PACKAGE_ROOT } from '../core/package-root.ts';

const REPO_ROOT = PACKAGE_ROOT;

export function fileSha256(file: string): string {
  return sha256(readFileSync(file));
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name), keep) : keep(e.name) ? [join(dir, e.name)] : [])).sort();
}

// A registry's toolkits are loaded once (loadRegistry caches them), so their hashes are read once too.
const toolkitHashCache = new WeakMap<Registry, Record<string, string>>();

/** Content hash of each loaded toolkit folder (definition and simulator), by toolkit name. */
export function toolkitHashes(registry: Registry): Record<string, string> {
  let hashes = toolkitHashCache.get(registry);
  if (!hashes) {
    hashes = Object.fromEntries(
      [...registry.toolkits.values()]
        .sort((a, b) => (a.def.name < b.def.name ? -1 : 1))
        .map((tk) => [tk.def.name, hashValue(filesUnder(tk.dir, (n) => /\.(ya?ml|ts|js|mjs|json)$/.test(n)).map((f) => fileSha256(f)))]),
    );
    toolkitHashCache.set(registry, hashes);
  }
  return hashes;
}

/** One hash over every loaded toolkit, since a stage's output depends on them. */
export function worldHash(registry: Registry): string {
  return hashValue(toolkitHashes(registry));
}

let code: string | undefined;

/**
 * Content hash of the pipeline source, the prompts and the package version: a rerun after a code
 * change must not reuse a stage output the old code produced.
 */
export function codeHash(): string {
  if (code) return code;
  const files = [
    ...filesUnder(join(REPO_ROOT, 'pipeline'), (n) => /\.(ts|ya?ml|json|md)$/.test(n)),
    ...filesUnder(join(REPO_ROOT, 'prompts'), (n) => n.endsWith('.md')),
    join(REPO_ROOT, 'package.json'),
  ].filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile());
  code = hashValue(files.map((f) => [f.slice(REPO_ROOT.length), fileSha256(f)]));
  return code;
}

let scorer: string | undefined;

/** Content hash of the code that turns a trace into a score (score/ and gold/): recorded in run.json, so rescore can tell. */
export function scorerHash(): string {
  if (scorer) return scorer;
  const files = ['score', 'gold'].flatMap((d) => filesUnder(join(REPO_ROOT, 'pipeline', d), (n) => n.endsWith('.ts')));
  scorer = hashValue(files.map((f) => [f.slice(REPO_ROOT.length), fileSha256(f)]));
  return scorer;
}
