import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import fg from 'fast-glob';
import { parse as parseYaml } from 'yaml';
import { readJsonl } from '../core/jsonl.ts';
import { AsyncToolError, UserInputError } from '../core/errors.ts';
import { escapeControl } from '../core/terminal.ts';
import { loadToolkitDir, type Registry } from '../world/registry.ts';
import { checkRecord, type CheckedRecord, type UnreadableRecord } from './check-record.ts';
import { checkJsonlInParallel } from './parallel.ts';
import { availableParallelism } from 'node:os';

export interface LocatedProblem {
  file: string;
  line?: number;
  record?: string;
  path: string;
  message: string;
}

export interface ValidationReport {
  files: number;
  records: number;
  validRecords: number;
  /** Tasks inside valid records (a sample counts each of its tasks), per toolkit. */
  validTasksByToolkit: Record<string, number>;
  toolkits: number;
  problems: number;
}

/** Reports beyond this many per file are counted but not listed, so garbage input stays readable. */
const MAX_LISTED_PER_FILE = 50;

export async function validatePaths(paths: readonly string[], registry: Registry, report: (p: LocatedProblem) => void, options: { parallelMinBytes?: number } = {}): Promise<ValidationReport> {
  const summary: ValidationReport = { files: 0, records: 0, validRecords: 0, validTasksByToolkit: {}, toolkits: 0, problems: 0 };
  const seenIds = new Map<string, string>();
  for (const target of expand(paths)) {
    summary.files++;
    let listed = 0;
    const emit = (p: LocatedProblem) => {
      summary.problems++;
      if (listed++ < MAX_LISTED_PER_FILE) report(p);
      else if (listed === MAX_LISTED_PER_FILE + 1) report({ file: p.file, path: '$', message: 'more problems in this file are not listed' });
    };
    if (target.kind === 'toolkit') {
      summary.toolkits++;
      await checkToolkitDir(target.path, emit);
      continue;
    }
    for await (const rec of checkedRecords(target.path, registry, options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) {
      if ('error' in rec) {
        emit({ file: target.path, line: rec.line, path: rec.path ?? '$', message: rec.error });
        continue;
      }
      summary.records++;
      const { id, problems } = rec;
      if (id !== undefined) {
        const first = seenIds.get(id);
        if (first) problems.push({ path: '$.id', message: `id "${id}" is also used by ${first}; ids must be unique` });
        else seenIds.set(id, rec.line !== undefined ? `${target.path}:${rec.line}` : target.path);
      }
      for (const p of problems) emit({ file: target.path, line: rec.line, record: id, path: rec.at ? p.path.replace(/^\$/, rec.at) : p.path, message: p.message });
      if (problems.length === 0) {
        summary.validRecords++;
        for (const tk of rec.toolkits) summary.validTasksByToolkit[tk] = (summary.validTasksByToolkit[tk] ?? 0) + 1;
      }
    }
  }
  return summary;
}

type Target = { kind: 'toolkit' | 'file'; path: string };

function expand(paths: readonly string[]): Target[] {
  const out: Target[] = [];
  for (const p of paths) {
    if (!existsSync(p)) throw new UserInputError('no such file or folder.', { file: p });
    if (!statSync(p).isDirectory()) {
      out.push(basename(p) === 'toolkit.yaml' ? { kind: 'toolkit', path: dirname(p) } : { kind: 'file', path: p });
      continue;
    }
    const files = fg.sync('**/*.{yaml,yml,json,jsonl}', { cwd: p, ignore: ['**/node_modules/**'] }).sort();
    const toolkitDirs = new Set(files.filter((f) => basename(f) === 'toolkit.yaml').map((f) => dirname(f)));
    for (const d of toolkitDirs) out.push({ kind: 'toolkit', path: join(p, d) });
    for (const f of files) if (!toolkitDirs.has(dirname(f))) out.push({ kind: 'file', path: join(p, f) });
  }
  return out;
}

/** JSONL files at least this large are checked on worker threads when the machine has several cores (a test lowers it to check a smaller file). */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** Worker threads for a large JSONL file: ASYNCTOOL_VALIDATE_THREADS, else the cores (at most 4); 1 means serial. */
function validationThreads(): number {
  const fromEnv = Number(process.env.ASYNCTOOL_VALIDATE_THREADS);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : Math.min(availableParallelism(), 4);
}

/** Verdicts on the records of a JSONL file one line at a time, or of a YAML/JSON file (one record or a list). */
async function* checkedRecords(file: string, registry: Registry, parallelMinBytes: number): AsyncGenerator<CheckedRecord | UnreadableRecord> {
  const size = statSync(file).size;
  if (size === 0) {
    yield { error: 'the file is empty; a seed or dataset file must hold at least one record' };
    return;
  }
  if (file.endsWith('.jsonl')) {
    const threads = validationThreads();
    if (size >= parallelMinBytes && threads > 1) {
      yield* checkJsonlInParallel(file, registry.extraDirs, threads);
      return;
    }
    for await (const row of readJsonl(file)) yield row.ok ? checkRecord(row.value, registry, { line: row.line }) : { line: row.line, error: row.error };
    return;
  }
  yield* checkedYamlRecords(file, registry);
}

function* checkedYamlRecords(file: string, registry: Registry): Generator<CheckedRecord | UnreadableRecord> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (err) {
    yield { error: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message.split('\n')[0]}` };
    return;
  }
  if (raw === null || raw === undefined) {
    yield { error: 'the file holds no record' };
    return;
  }
  if (Array.isArray(raw)) {
    for (const [i, v] of raw.entries()) yield checkRecord(v, registry, { at: `$[${i}]` });
  } else if (typeof raw === 'object' && 'functions' in raw) {
    yield { error: 'this looks like a toolkit definition; it must be named toolkit.yaml inside its toolkit folder, beside its simulator' };
  } else {
    yield checkRecord(raw, registry);
  }
}

async function checkToolkitDir(dir: string, emit: (p: LocatedProblem) => void): Promise<void> {
  try {
    await loadToolkitDir(dir);
  } catch (err) {
    if (!(err instanceof AsyncToolError)) throw err;
    emit({ file: join(dir, 'toolkit.yaml'), path: '$', message: err.message.replace(`${join(dir, 'toolkit.yaml')}: `, '') });
  }
}

export function formatProblem(p: LocatedProblem, cwd = process.cwd()): string {
  const file = relative(cwd, p.file) || p.file;
  const where = [p.line !== undefined ? `${file}:${p.line}` : file, p.record ? `record ${p.record}` : undefined, p.path].filter(Boolean).join(' ');
  return escapeControl(`${where}: ${p.message}`);
}
