import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { stringify } from 'yaml';
import { UserInputError } from '../core/errors.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import { parseJsonlLine, toJsonl, type JsonlLine } from '../core/jsonl.ts';
import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { BFCL_CLASSES, convertBfclEntry, type BfclAnswer, type BfclEntry } from './bfcl.ts';
import { convertNestfulSample, executableSpecFunctions, type NestfulSample, type NestfulSpec } from './nestful.ts';
import { SourceTally, type ImportReject, type SourceReport } from './report.ts';

/** The folder under `--out` that holds the seed files, so it can be listed as a seeds path as it is. */
export const SEEDS_SUBDIR = 'seeds';

export interface ImportRun {
  reports: SourceReport[];
  rejects: ImportReject[];
  /** Seed files written, relative to the out folder. */
  written: string[];
  /** NESTFUL only: spec functions that our toolkits execute under the same name. */
  executableSpec?: string[];
}

const CREDIT = {
  bfcl: 'BFCL v3 multi-turn data (Berkeley Function Calling Leaderboard, github.com/ShishirPatil/gorilla), Apache-2.0',
  nestful: 'NESTFUL v1 data (IBM Research, github.com/IBM/NESTFUL), Apache-2.0',
};

export interface BfclImportOptions {
  questions: readonly string[];
  /** A possible-answer file (one question file) or the folder holding answer files of the same names. */
  answers: string;
  out: string;
}

export function importBfcl(opts: BfclImportOptions, registry: Registry): ImportRun {
  const run: ImportRun = { reports: [], rejects: [], written: [] };
  for (const qfile of opts.questions) {
    const source = basename(qfile);
    const afile = answersFileFor(qfile, opts.answers, opts.questions.length);
    const answers = new Map<string, BfclAnswer>();
    for (const a of readJsonLines(afile)) {
      if (a.ok && isAnswer(a.value)) answers.set(a.value.id, a.value);
    }
    const rows = readJsonLines(qfile);
    checkAnswersMatch(
      rows.map((r) => (r.ok && isEntry(r.value) ? r.value.id : undefined)),
      answers,
      qfile,
      afile,
    );
    const tally = new SourceTally(source);
    const tasks: Task[] = [];
    for (const row of rows) {
      if (!row.ok || !isEntry(row.value)) {
        const entry = `line ${row.line}`;
        const reject: ImportReject = { source, entry, class: 'unmapped', reason: 'validation', detail: row.ok ? 'not a BFCL entry (needs id, question and involved_classes)' : row.error };
        run.rejects.push(reject);
        tally.entry({ converted: [], rejects: [reject], skipped: 0 }, () => '-');
        continue;
      }
      const result = convertBfclEntry(row.value, answers.get(row.value.id), registry);
      tasks.push(...result.tasks.map((t) => t.task));
      run.rejects.push(...result.rejects.map((r) => ({ source, ...r })));
      tally.entry(
        { converted: result.tasks.map((t) => ({ className: t.className, toolkit: t.task.toolkit, stats: t.stats })), rejects: result.rejects, skipped: result.skipped.length },
        (cls) => BFCL_CLASSES[cls] ?? '-',
      );
    }
    run.reports.push(tally.result());
    run.written.push(...writeSeeds(opts.out, source, tasks, `asynctool import bfcl from ${source}`, CREDIT.bfcl));
  }
  writeReports(opts.out, run, 'bfcl', CREDIT.bfcl);
  return run;
}

export interface NestfulImportOptions {
  data: string;
  spec: string;
  out: string;
}

export function importNestful(opts: NestfulImportOptions, registry: Registry): ImportRun {
  const source = basename(opts.data);
  const samples = readJsonArray(opts.data) as NestfulSample[];
  const spec = readJsonArray(opts.spec) as NestfulSpec[];
  const stem = basename(opts.data, extname(opts.data))
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^nestful-/, '');
  const run: ImportRun = { reports: [], rejects: [], written: [], executableSpec: executableSpecFunctions(spec, registry) };
  const tally = new SourceTally(source);
  const tasks: Task[] = [];
  samples.forEach((sample, i) => {
    const entry = `nestful-${stem}-${i}`;
    const ok = sample && typeof sample.input === 'string' && Array.isArray(sample.output);
    const result = ok
      ? convertNestfulSample(sample, entry, registry)
      : { tasks: [], rejects: [{ entry, class: 'unmapped', reason: 'validation' as const, detail: 'not a NESTFUL sample (needs input and output)' }] };
    tasks.push(...result.tasks.map((t) => t.task));
    run.rejects.push(...result.rejects.map((r) => ({ source, ...r })));
    tally.entry({ converted: result.tasks.map((t) => ({ className: t.toolkit, toolkit: t.toolkit, stats: t.stats })), rejects: result.rejects, skipped: 0 }, (tk) => tk);
  });
  run.reports.push(tally.result());
  run.written.push(...writeSeeds(opts.out, source, tasks, `asynctool import nestful from ${source}`, CREDIT.nestful));
  writeReports(opts.out, run, 'nestful', CREDIT.nestful);
  return run;
}

/** A wrong or garbage answers file would reject every entry as `no-answer`: say so instead of converting nothing. */
function checkAnswersMatch(ids: (string | undefined)[], answers: Map<string, BfclAnswer>, qfile: string, afile: string): void {
  if (answers.size === 0) {
    throw new UserInputError('holds no BFCL ground truth (JSON lines with "id" and "ground_truth"); pass the possible_answer file of the question file.', { file: afile });
  }
  const entries = ids.filter((id): id is string => id !== undefined);
  if (entries.length > 0 && !entries.some((id) => answers.has(id))) {
    throw new UserInputError(`matches none of the ${entries.length} entry ids of ${qfile} (e.g. ${entries[0]}); pass the possible_answer file of the same category.`, { file: afile });
  }
}

function answersFileFor(question: string, answers: string, count: number): string {
  if (!existsSync(answers)) throw new UserInputError('no such file or folder.', { file: answers });
  if (statSync(answers).isDirectory()) {
    const file = join(answers, basename(question));
    if (!existsSync(file)) throw new UserInputError(`no answers file named ${basename(question)} in this folder.`, { file: answers });
    return file;
  }
  if (count > 1) throw new UserInputError('with several question files, --answers must be the folder holding answer files of the same names.', { file: answers });
  return answers;
}

/** JSON Lines rows; a line that is not JSON is kept with its error so it is reported, not dropped. */
function readJsonLines(file: string): JsonlLine[] {
  return readText(file)
    .split('\n')
    .flatMap((text, i) => (text.trim() === '' ? [] : [parseJsonlLine(text, i + 1)]));
}

function readJsonArray(file: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(readText(file));
  } catch (err) {
    throw new UserInputError(`is not valid JSON: ${(err as Error).message}`, { file });
  }
  if (!Array.isArray(value)) throw new UserInputError('must hold a JSON array of records.', { file });
  return value;
}

function readText(file: string): string {
  if (!existsSync(file) || statSync(file).isDirectory()) throw new UserInputError('no such file.', { file });
  return readFileSync(file, 'utf8');
}

function isEntry(v: unknown): v is BfclEntry {
  const e = v as BfclEntry | null;
  return !!e && typeof e === 'object' && typeof e.id === 'string' && Array.isArray(e.question) && Array.isArray(e.involved_classes);
}

function isAnswer(v: unknown): v is BfclAnswer {
  const a = v as BfclAnswer | null;
  return !!a && typeof a === 'object' && typeof a.id === 'string' && Array.isArray(a.ground_truth) && a.ground_truth.every((t) => Array.isArray(t) && t.every((c) => typeof c === 'string'));
}

/** One YAML seed file per source file; a source that converts nothing leaves no stale file behind. */
function writeSeeds(out: string, source: string, tasks: Task[], generator: string, credit: string): string[] {
  const rel = join(SEEDS_SUBDIR, `${basename(source, extname(source))}.yaml`);
  const file = join(out, rel);
  if (tasks.length === 0) {
    rmSync(file, { force: true });
    return [];
  }
  // YAML 1.1 quoting ("2026-10-06", "yes") keeps every string a string for 1.1 readers too.
  const header = `# Generated by ${generator}; rerun the import instead of editing.\n# Source: ${credit}.\n`;
  writeFileAtomic(file, header + stringify(tasks, { lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' }));
  return [rel];
}

function writeReports(out: string, run: ImportRun, kind: 'bfcl' | 'nestful', credit: string): void {
  writeFileAtomic(join(out, 'rejects.jsonl'), toJsonl(run.rejects));
  const report = {
    importer: kind,
    credit,
    sources: run.reports,
    seedFiles: run.written,
    ...(run.executableSpec ? { executableSpecFunctions: run.executableSpec } : {}),
  };
  writeFileAtomic(join(out, 'import-report.json'), JSON.stringify(report, null, 2) + '\n');
}
