import { readFileSync, statSync } from 'node:fs';
import fg from 'fast-glob';
import { parse as parseYaml } from 'yaml';
import { UserInputError } from '../core/errors.ts';
import { Task } from '../schema/task.ts';
import { formatZodIssues } from '../schema/issues.ts';

export interface SeedRecord {
  task: Task;
  file: string;
  /** JSON path of the task inside its file (`$` or `$[3]`). */
  at: string;
}

/** Seed files (YAML or JSON; `extensions` widens that) under the given files or folders, sorted for a stable order. */
export function findSeedFiles(paths: readonly string[], extensions = 'yaml,yml,json'): string[] {
  const files = new Set<string>();
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new UserInputError('no such file or folder.', { file: p });
    }
    if (isDir) for (const f of fg.sync(`**/*.{${extensions}}`, { cwd: p, absolute: true })) files.add(f);
    else files.add(p);
  }
  return [...files].sort();
}

/** Parses one seed file into tasks; a file or record that does not fit the schema throws a located error. */
export function readSeedFile(file: string): SeedRecord[] {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserInputError(`is not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { file });
  }
  const items = Array.isArray(raw) ? raw : [raw];
  return items.map((item, i) => {
    const at = Array.isArray(raw) ? `$[${i}]` : '$';
    const parsed = Task.safeParse(item);
    const id = (item as { id?: unknown } | null)?.id;
    if (!parsed.success) {
      throw new UserInputError(formatZodIssues(parsed.error.issues).replace(/\$/g, at), { file, record: typeof id === 'string' ? id : undefined });
    }
    return { task: parsed.data, file, at };
  });
}

export function loadSeeds(paths: readonly string[]): SeedRecord[] {
  return findSeedFiles(paths).flatMap(readSeedFile);
}
