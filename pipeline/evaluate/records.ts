import { existsSync } from 'node:fs';
import { readJsonl } from '../core/jsonl.ts';
import type { Logger } from '../core/log.ts';
import { EpisodeRecord as EpisodeRecordSchema, type EpisodeRecord } from '../schema/result.ts';

// The lines of a run's traces.jsonl: which episodes are done (resume) and which records count (summary, rescore, report).

/** Resume is per (sample, trial); a record without a trial is trial 1. */
export function episodeKey(sampleId: string, trial = 1): string {
  return `${sampleId}\u0000${trial}`;
}

export async function finishedIds(file: string, logger: Logger): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const rec of validRecords(file, logger)) ids.add(episodeKey(rec.sampleId, rec.trial));
  return ids;
}

/**
 * The records of a traces file that can be used: a line that is not JSON, is null, or does not
 * match the record schema is skipped with a warning naming file and line (its episode runs again),
 * so one damaged line never makes every later resume crash.
 */
export async function* validRecords(file: string, logger: Logger): AsyncGenerator<EpisodeRecord> {
  if (!existsSync(file)) return;
  for await (const row of readJsonl(file)) {
    if (!row.ok) {
      logger.warn(`${file}:${row.line}: ${row.error}; skipped, that episode will run again`);
      continue;
    }
    const parsed = EpisodeRecordSchema.safeParse(row.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      logger.warn(`${file}:${row.line}: not an episode record (${issue.path.join('.') || '(root)'}: ${issue.message}); skipped, that episode will run again`);
      continue;
    }
    yield row.value as EpisodeRecord;
  }
}

/** One record per sample of the dataset and trial up to `trials` (the first line wins), in file order. */
export async function readRecords(file: string, wanted: Set<string>, trials: number, logger: Logger): Promise<EpisodeRecord[]> {
  const seen = new Set<string>();
  const rows: EpisodeRecord[] = [];
  for await (const rec of validRecords(file, logger)) {
    const key = episodeKey(rec.sampleId, rec.trial);
    if (!wanted.has(rec.sampleId) || (rec.trial ?? 1) > trials || seen.has(key)) continue;
    seen.add(key);
    rows.push(rec);
  }
  return rows;
}
