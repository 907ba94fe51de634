import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import pLimit from 'p-limit';
import { hashValue, sha256 } from '../core/canonical.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import { JsonlAppender, readJsonl, toJsonl } from '../core/jsonl.ts';
import { isUserFacing, UserInputError } from '../core/errors.ts';
import { codeHash, fileSha256, worldHash } from './fingerprint.ts';
import { jsonlSource } from './inputs.ts';
import type { InputRecord, PerRecordStage, RecordOutcome, Rejection, Stage, StageContext, StageStats, WholeSetStage } from './stage.ts';

export interface RunStageOptions {
  /** Input files (JSONL), or seed files and folders for the seed stage. */
  inputs: readonly string[];
  /** The stage's JSONL output. */
  output: string;
  /** Where the stage manifest, report, journal and rejections go; default: the output's folder. */
  stateDir?: string;
  /** Rerun even when inputs and config are unchanged. */
  force?: boolean;
}

interface StageManifest {
  stage: string;
  fingerprint: string;
  outputs: Record<string, string>;
  stats: StageStats;
}

export function stagePaths(stateDir: string, name: string) {
  return {
    manifest: join(stateDir, `${name}.manifest.json`),
    report: join(stateDir, `${name}.report.json`),
    journal: join(stateDir, `${name}.journal.jsonl`),
    rejected: join(stateDir, `${name}.rejected.jsonl`),
  };
}

/**
 * The I/O edge of every stage: reads inputs, skips the stage when the content hashes of its
 * inputs, config slice, toolkits and code match the last completed run, resumes a per-record
 * stage from its journal after an interruption, and writes every output by atomic rename.
 */
export async function runStage(stage: Stage, options: RunStageOptions, base: Omit<StageContext, 'stateDir'>): Promise<StageStats> {
  const stateDir = options.stateDir ?? dirname(options.output);
  const ctx: StageContext = { ...base, stateDir };
  const paths = stagePaths(stateDir, stage.name);
  const source = stage.inputSource ? stage.inputSource(options.inputs, ctx.config) : jsonlSource(options.inputs);
  const fingerprint = hashValue({
    stage: stage.name,
    inputs: source.files.map(fileSha256),
    config: stage.configSlice(ctx.config),
    world: worldHash(ctx.registry),
    code: codeHash(),
  });

  const previous = readManifest(paths.manifest);
  if (!options.force && previous && previous.fingerprint === fingerprint && outputsIntact(previous, options.output)) {
    ctx.logger.info(`${stage.name}: inputs and config unchanged, skipped`);
    return { ...previous.stats, timeMs: 0, skipped: true };
  }

  const started = performance.now();
  const { inputCount, outcomes, extra, files } =
    stage.kind === 'per-record' ? await runPerRecord(stage, source.records(), ctx, paths.journal, fingerprint, source.files) : await runWholeSet(stage, source.records(), ctx, source.files);

  const rejected = outcomes.flatMap((o) => o.rejected);
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const record of outcomes.flatMap((o) => o.out).sort((a, b) => compareIds(stage.idOf(a), stage.idOf(b)))) {
    const id = stage.idOf(record);
    if (seen.has(id)) {
      rejected.push({ id, reason: 'duplicate-id', detail: `another ${stage.name} output already has the id ${id}` });
      continue;
    }
    seen.add(id);
    out.push(record);
  }
  rejected.sort((a, b) => compareIds(a.id, b.id) || compareIds(a.reason, b.reason) || compareIds(a.detail, b.detail));

  const stats: StageStats = {
    stage: stage.name,
    in: inputCount,
    out: out.length,
    rejected: countReasons(rejected),
    timeMs: Math.round(performance.now() - started),
    ...(extra ? { extra } : {}),
  };
  const outputs: Record<string, string> = {};
  const write = (file: string, data: string) => {
    writeFileAtomic(file, data);
    outputs[file] = sha256(data);
  };
  write(options.output, toJsonl(out));
  for (const [name, data] of Object.entries(files ?? {})) write(join(dirname(options.output), name), data);
  writeFileAtomic(paths.rejected, toJsonl(rejected));
  writeFileAtomic(paths.report, JSON.stringify(stats, null, 2) + '\n');
  // The manifest is the commit point: written last, so a kill before it means "not done".
  const manifest: StageManifest = { stage: stage.name, fingerprint, outputs: relativeKeys(outputs, options.output), stats };
  writeFileAtomic(paths.manifest, JSON.stringify(manifest, null, 2) + '\n');
  rmSync(paths.journal, { force: true });
  ctx.logger.info(`${stage.name}: ${stats.in} in, ${stats.out} out, ${rejected.length} rejected (${(stats.timeMs / 1000).toFixed(1)} s)`);
  return stats;
}

interface RunResult {
  inputCount: number;
  outcomes: RecordOutcome<unknown>[];
  extra?: Record<string, unknown>;
  files?: Record<string, string>;
}

async function runPerRecord(
  stage: PerRecordStage<unknown, unknown>,
  records: AsyncIterable<InputRecord>,
  ctx: StageContext,
  journalFile: string,
  fingerprint: string,
  files: readonly string[],
): Promise<RunResult> {
  const done = await readJournal(journalFile, fingerprint);
  const journal = new JsonlAppender(journalFile);
  let discardJournal = false;
  try {
    if (done === undefined) journal.append({ fingerprint });
    const finished = done ?? new Map<string, RecordOutcome<unknown>>();
    const outcomes: RecordOutcome<unknown>[] = [];
    const keys = new Set<string>();
    const shared = stage.prepare ? await stage.prepare(ctx) : undefined;
    const limit = pLimit(ctx.config.concurrency);
    const pending: Promise<void>[] = [];
    const failures: unknown[] = [];
    let inputCount = 0;
    const invalid: Rejection[] = [];
    for await (const record of records) {
      inputCount++;
      const parsed = parseRecord(stage, record);
      if ('rejection' in parsed) {
        invalid.push(parsed.rejection);
        outcomes.push({ out: [], rejected: [parsed.rejection] });
        continue;
      }
      const key = stage.keyOf(parsed.value);
      if (keys.has(key)) {
        outcomes.push({ out: [], rejected: [{ id: key, reason: 'duplicate-id', detail: `${record.where}: an earlier input record has the same id` }] });
        continue;
      }
      keys.add(key);
      const known = finished.get(key);
      if (known) {
        outcomes.push(known);
        continue;
      }
      pending.push(
        limit(async () => {
          // After a failure no new record starts: the rerun resumes from the journal.
          if (failures.length > 0) return;
          const outcome = await stage.process(parsed.value, ctx, shared);
          journal.append({ key, ...outcome });
          outcomes.push(outcome);
        }).catch((err: unknown) => {
          failures.push(err);
        }),
      );
    }
    // Every started record finishes (and reaches the journal) before the first error propagates.
    await Promise.all(pending);
    if (failures.length > 0) throw failures[0];
    if (inputCount > 0 && invalid.length === inputCount) {
      // Nothing was processed, so the journal holds nothing worth resuming.
      discardJournal = true;
      throw noValidInput(stage, files, invalid);
    }
    const extra = stage.finish?.(shared);
    return { inputCount, outcomes, ...(extra ? { extra } : {}) };
  } finally {
    journal.close();
    if (discardJournal) rmSync(journalFile, { force: true });
  }
}

async function runWholeSet(stage: WholeSetStage<unknown, unknown>, records: AsyncIterable<InputRecord>, ctx: StageContext, files: readonly string[]): Promise<RunResult> {
  const inputs: unknown[] = [];
  const invalid: Rejection[] = [];
  let inputCount = 0;
  for await (const record of records) {
    inputCount++;
    const parsed = parseRecord(stage, record);
    if ('rejection' in parsed) invalid.push(parsed.rejection);
    else inputs.push(parsed.value);
  }
  if (inputCount > 0 && inputs.length === 0) throw noValidInput(stage, files, invalid);
  const early = invalid.map((r) => ({ out: [], rejected: [r] }));
  const result = await stage.run(inputs, ctx);
  return { inputCount, outcomes: [...early, { out: result.out, rejected: result.rejected }], extra: result.extra, files: result.files };
}

/**
 * Input of which not one record fits is the wrong file (tasks given to a stage that reads samples,
 * say), not a batch with a few bad records: fail before writing anything, rather than write an
 * empty output, manifest or dataset over the old ones.
 */
function noValidInput(stage: Stage, files: readonly string[], invalid: readonly Rejection[]): UserInputError {
  const kind = stage.inputKind ? `; the ${stage.name} stage reads ${stage.inputKind}` : '';
  return new UserInputError(
    `${stage.name}: not one of the ${invalid.length} input record${invalid.length === 1 ? '' : 's'} in ${files.join(', ')} could be read${kind}. The first problem: ${invalid[0]!.detail.split('; ')[0]}. Nothing was written.`,
  );
}

function parseRecord(stage: Stage, record: InputRecord): { value: unknown } | { rejection: Rejection } {
  const id = typeof (record.value as { id?: unknown } | undefined)?.id === 'string' ? (record.value as { id: string }).id : record.where;
  if (record.error) return { rejection: { id, reason: 'invalid-input', detail: `${record.where}: ${record.error}` } };
  try {
    return { value: stage.parseInput(record.value) };
  } catch (err) {
    if (!isUserFacing(err)) throw err;
    return { rejection: { id, reason: 'invalid-input', detail: `${record.where}: ${err.message}` } };
  }
}

/** The finished records of an interrupted run with the same fingerprint; undefined when there is none to resume. */
async function readJournal(file: string, fingerprint: string): Promise<Map<string, RecordOutcome<unknown>> | undefined> {
  if (!existsSync(file)) return undefined;
  const done = new Map<string, RecordOutcome<unknown>>();
  let first = true;
  for await (const row of readJsonl(file)) {
    // A torn last line is cut by JsonlAppender when it reopens the file; skip it here too.
    if (!row.ok) continue;
    const value = row.value as { fingerprint?: string; key?: string } & RecordOutcome<unknown>;
    if (first) {
      first = false;
      if (value.fingerprint !== fingerprint) {
        rmSync(file);
        return undefined;
      }
      continue;
    }
    if (typeof value.key === 'string') done.set(value.key, { out: value.out, rejected: value.rejected });
  }
  if (first) {
    rmSync(file);
    return undefined;
  }
  return done;
}

function readManifest(file: string): StageManifest | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StageManifest;
  } catch {
    return undefined;
  }
}

/** Every output sits in the output's folder, so the manifest names them relative to it. */
function relativeKeys(outputs: Record<string, string>, output: string): Record<string, string> {
  return Object.fromEntries(Object.entries(outputs).map(([file, hash]) => [relative(dirname(output), file), hash]));
}

function outputsIntact(manifest: StageManifest, output: string): boolean {
  const dir = dirname(output);
  if (!(basename(output) in manifest.outputs)) return false;
  return Object.entries(manifest.outputs).every(([name, hash]) => {
    const file = join(dir, name);
    return existsSync(file) && fileSha256(file) === hash;
  });
}

function countReasons(rejected: readonly Rejection[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rejected) counts[r.reason] = (counts[r.reason] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => compareIds(a, b)));
}

/** Code-point order, independent of locale, so output order is the same everywhere. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
