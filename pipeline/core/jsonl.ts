import { createReadStream, existsSync, mkdirSync, openSync, closeSync, writeSync, fstatSync, ftruncateSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

export type JsonlLine =
  | { line: number; ok: true; value: unknown }
  | { line: number; ok: false; error: string };

/** Lines longer than this are reported, not parsed: a garbage file must not exhaust memory. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * Streams a JSONL file one parsed line at a time (memory stays flat whatever the file size).
 * Blank lines are skipped; a line that is not JSON is yielded as an error with its number.
 */
export async function* readJsonl(file: string): AsyncGenerator<JsonlLine> {
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line++;
    if (text.trim() === '') continue;
    if (text.length > MAX_LINE_CHARS) {
      yield { line, ok: false, error: `line is ${text.length} characters long, over the ${MAX_LINE_CHARS} limit` };
      continue;
    }
    try {
      yield { line, ok: true, value: JSON.parse(text) };
    } catch (err) {
      yield { line, ok: false, error: `not valid JSON (${(err as Error).message})` };
    }
  }
}

/** Reads every valid record of a JSONL file; throws nothing, returns parse errors beside the values. */
export async function readJsonlAll(file: string): Promise<{ values: unknown[]; errors: { line: number; error: string }[] }> {
  const values: unknown[] = [];
  const errors: { line: number; error: string }[] = [];
  for await (const row of readJsonl(file)) {
    if (row.ok) values.push(row.value);
    else errors.push({ line: row.line, error: row.error });
  }
  return { values, errors };
}

/**
 * An append-only JSONL file that survives kill -9: a torn last line from an earlier
 * crash is cut off when the file is opened, and each record is one write() of a whole line.
 */
export class JsonlAppender {
  private fd: number;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, existsSync(file) ? 'r+' : 'w+');
    dropTornTail(this.fd);
  }

  append(value: unknown): void {
    const size = fstatSync(this.fd).size;
    writeSync(this.fd, JSON.stringify(value) + '\n', size);
  }

  close(): void {
    closeSync(this.fd);
  }
}

function dropTornTail(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const chunk = Buffer.alloc(Math.min(size, 1 << 20));
  let end = size;
  // Walk back to the last newline; everything after it is a partial write.
  while (end > 0) {
    const start = Math.max(0, end - chunk.length);
    const n = readSync(fd, chunk, 0, end - start, start);
    const idx = chunk.subarray(0, n).lastIndexOf(0x0a);
    if (idx >= 0) {
      const keep = start + idx + 1;
      if (keep !== size) ftruncateSync(fd, keep);
      return;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
}

export function toJsonl(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v) + '\n').join('');
}
