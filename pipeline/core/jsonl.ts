import { createReadStream, mkdirSync, openSync, closeSync, writeSync, fstatSync, ftruncateSync, readSync } from 'node:fs';
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
    if (text.trim() !== '') yield parseJsonlLine(text, line);
  }
}

/** Parses one non-blank JSONL line; a line too long or not JSON becomes an error naming why. */
export function parseJsonlLine(text: string, line: number): JsonlLine {
  if (text.length > MAX_LINE_CHARS) return { line, ok: false, error: `line is ${text.length} characters long, over the ${MAX_LINE_CHARS} limit` };
  try {
    return { line, ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { line, ok: false, error: `not valid JSON (${(err as Error).message})` };
  }
}

/**
 * An append-only JSONL file that survives kill -9: a torn last line from an earlier
 * crash is cut off when the file is opened, and each record is one write() of a whole line.
 * The file is opened O_APPEND, so the kernel puts every line at the true end of the file even
 * if another writer slipped past the run folder's lock: lines can never overwrite each other.
 */
export class JsonlAppender {
  private fd: number;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.fd = openSync(file, 'a+');
    dropTornTail(this.fd);
  }

  append(value: unknown): void {
    const line = Buffer.from(JSON.stringify(value) + '\n', 'utf8');
    // One write() for a regular file writes it whole; the loop only guards against a short write.
    for (let off = 0; off < line.length; ) off += writeSync(this.fd, line, off, line.length - off);
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
