// Compiles the CLI and library to dist/ (run by `npm ci` through `prepare`), so that starting the
// CLI does not transpile TypeScript. Files beside the code that it reads at run time (YAML, HTML
// assets, the worker entry) are copied next to their compiled modules; the rest of the package
// (prompts, schemas, toolkit definitions, templates) is read from the package root.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });

function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const from = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(from);
    else if (!['.ts'].includes(extname(entry.name))) {
      const to = join(dist, relative(root, from));
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
}
copyAssets(join(root, 'pipeline'));

// The built-in toolkits' YAML, parsed, keyed by the sha256 of each file's text (pipeline/core/parsed-yaml.ts):
// parsing it was half of a compiled command's start. A value JSON would not keep exactly is left out (parsed at load).
// The key is computed by the compiled module itself, so the build and the loader cannot disagree on it.
const { yamlTextHash } = await import(pathToFileURL(join(dist, 'pipeline', 'core', 'parsed-yaml.js')).href);
const parsed = {};
const dirs = readdirSync(join(root, 'toolkits'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
for (const dir of dirs) {
  for (const name of readdirSync(join(root, 'toolkits', dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const text = readFileSync(join(root, 'toolkits', dir, name), 'utf8');
    let value;
    try {
      value = parseYaml(text);
    } catch {
      // Left out: loading the toolkit parses it again and reports the error with its file and line.
      continue;
    }
    const json = JSON.stringify(value);
    if (json !== undefined && isDeepStrictEqual(JSON.parse(json), value)) parsed[yamlTextHash(text)] = json;
  }
}
writeFileSync(join(dist, 'parsed-yaml.json'), JSON.stringify(parsed));
// The stamp tells bin/asynctool.mjs when the build is older than the sources.
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
