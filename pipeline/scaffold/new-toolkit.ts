import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import fg from 'fast-glob';
import { UserInputError } from '../core/errors.ts';
import { rootPath } from '../core/package-root.ts';

const TEMPLATE_DIR = rootPath('templates', 'toolkit');

/** Writes a working toolkit plugin skeleton into `<parent>/<name>/` and returns the files written. */
export function scaffoldToolkit(name: string, parent: string): { dir: string; files: string[] } {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    throw new UserInputError(`toolkit name "${name}" must be snake_case (lower-case letters, digits and underscores, starting with a letter).`);
  }
  const dir = resolve(parent, name);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new UserInputError(`${dir} already exists and is not empty; choose another name or --dir.`);
  }
  const title = name
    .split('_')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
  const files = fg.sync('**/*', { cwd: TEMPLATE_DIR, dot: false }).sort();
  for (const file of files) {
    const text = readFileSync(join(TEMPLATE_DIR, file), 'utf8').replaceAll('{{name}}', name).replaceAll('{{title}}', title);
    const target = join(dir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  return { dir, files: files.map((f) => display(join(dir, f))) };
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
