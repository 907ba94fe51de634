import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UserInputError } from '../core/errors.ts';
import { readJsonl } from '../core/jsonl.ts';
import type { Logger } from '../core/log.ts';
import { EpisodeRecord } from '../schema/result.ts';
import { Sample } from '../schema/sample.ts';
import type { RunSettings } from './model.ts';
import { runSettings } from './protocol.ts';

export interface LoadedRun {
  dir: string;
  label: string;
  agent: string;
  mode: string;
  records: EpisodeRecord[];
  summary: Record<string, unknown> | null;
  settings: RunSettings;
}

/**
 * A run folder as `evaluate` leaves it: every valid line of traces.jsonl (one per sample and trial;
 * the first one wins when a sample's trial appears twice, as in summary.json) and summary.json when present. Lines that do not fit the schema are
 * skipped with a warning, so a run cut short can still be looked at.
 */
export async function loadRun(dir: string, logger: Logger): Promise<LoadedRun> {
  const file = join(dir, 'traces.jsonl');
  if (!existsSync(file)) throw new UserInputError(`not a run folder: traces.jsonl is missing (make one with asynctool evaluate --out ${dir})`, { file: dir });
  const bySample = new Map<string, EpisodeRecord>();
  // Every trial is kept: with --trials k a sample has k records, told apart by their trial.
  const key = (r: EpisodeRecord) => `${r.sampleId}\u0000${r.trial ?? r.trace.options.trial ?? 1}`;
  let skipped = 0;
  for await (const row of readJsonl(file)) {
    const parsed = row.ok ? EpisodeRecord.safeParse(row.value) : undefined;
    // The first line wins, as in summary.json (evaluate's readRecords), so both describe the same episodes.
    if (parsed?.success) {
      if (!bySample.has(key(parsed.data))) bySample.set(key(parsed.data), parsed.data);
    } else skipped++;
  }
  if (skipped > 0) logger.warn(`${file}: ${skipped} line(s) are not episode records and were skipped`);
  const records = [...bySample.values()];
  const summary = readObject(join(dir, 'summary.json'));
  // summary.json's run block is written at the end; run.json holds the same settings from the start.
  const settingsBlock = summary?.['run'] && typeof summary['run'] === 'object' ? (summary['run'] as Record<string, unknown>) : readObject(join(dir, 'run.json'));
  const first = records[0]?.trace;
  const agent = first?.agent ?? stringField(summary, 'agent') ?? basename(dir);
  // A delivery mode other than push is part of how the run was played: `async-poll`, say.
  const delivery = first?.options.delivery ?? 'push';
  const mode = (first?.mode ?? stringField(summary, 'mode') ?? 'async') + (delivery === 'push' ? '' : `-${delivery}`);
  return { dir, label: `${agent} · ${mode}`, agent, mode, records, summary, settings: runSettings(settingsBlock, records) };
}

function readObject(file: string): Record<string, unknown> | null {
  if (!existsSync(file)) return null;
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** `obj[key]` when obj is an object and the value a string (summary.json is read unchecked). */
export function stringField(obj: unknown, key: string): string | undefined {
  const v = (obj as Record<string, unknown> | null | undefined)?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** Runs with the same label (one agent and mode twice) get their folder name added, so each is told apart. */
export function distinctLabels<T extends { label: string; dir: string }>(runs: T[]): T[] {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.label, (count.get(r.label) ?? 0) + 1);
  return runs.map((r) => (count.get(r.label)! > 1 ? { ...r, label: `${r.label} (${basename(r.dir)})` } : r));
}

/** The samples of a dataset, by id; records that do not fit the schema are left out (validate explains them). */
export async function loadSamples(file: string): Promise<Map<string, Sample>> {
  if (!existsSync(file)) throw new UserInputError('dataset not found', { file });
  if (statSync(file).isDirectory()) throw new UserInputError('is a folder, not a dataset; pass the JSONL file with --dataset FILE.jsonl', { file });
  const samples = new Map<string, Sample>();
  for await (const row of readJsonl(file)) {
    const parsed = row.ok ? Sample.safeParse(row.value) : undefined;
    if (parsed?.success) samples.set(parsed.data.id, parsed.data);
  }
  return samples;
}
