import type { Registry } from '../world/registry.ts';
import { parseJsonlLine } from '../core/jsonl.ts';
import { validateRecord } from './record.ts';
import type { Problem } from './problem.ts';

/** One record's verdict: its id, its problems, and the toolkits of its tasks (for the summary). */
export interface CheckedRecord {
  line?: number;
  /** JSON path of the record inside a YAML/JSON list file. */
  at?: string;
  id?: string;
  problems: Problem[];
  toolkits: string[];
}

/** An input that is not a record at all (not JSON, too long, an empty file). */
export interface UnreadableRecord {
  line?: number;
  path?: string;
  error: string;
}

export function checkRecord(value: unknown, registry: Registry, where: { line?: number; at?: string } = {}): CheckedRecord {
  const v = value as { id?: unknown; tasks?: { toolkit?: unknown }[]; toolkit?: unknown } | null;
  const id = typeof v?.id === 'string' ? v.id : undefined;
  const problems = validateRecord(value, registry);
  const toolkits = Array.isArray(v?.tasks) ? v.tasks.map((t) => String(t?.toolkit)) : typeof v?.toolkit === 'string' ? [v.toolkit] : [];
  return { ...where, id, problems, toolkits };
}

/** Parses and checks one JSONL line. */
export function checkJsonLine(text: string, line: number, registry: Registry): CheckedRecord | UnreadableRecord {
  const row = parseJsonlLine(text, line);
  return row.ok ? checkRecord(row.value, registry, { line }) : { line, error: row.error };
}
