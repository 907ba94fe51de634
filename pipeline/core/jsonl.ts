import { createReadStream, mkdirSync, openSync, closeSync, writeSync, fstatSync, ftruncateSync, readSync } from 'node:fs';
import { dirname } from 'node:path';

export type JsonlLine = { line: number; ok: true; value: unknown } | { line: number; ok: false; error: string };

/** Lines longer than this are reported, not parsed: a garbage file must not exhaust memory. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * Streams a JSONL file one parsed line at a time (memory stays flat whatever the file size).
 * Blank lines are skipped; a line that is not JSON is yielded as an error with its number. The
 * length limit is applied while reading: the bytes of an over-long line are dropped as they
 * arrive, so a 500 MB line costs no more memory than a 64 MB one.
 */
export async function* readJsonl(file: string, maxLineBytes = MAX_LINE_CHARS): AsyncGenerator<JsonlLine> {
  let line = 0;
  let pieces: Buffer[] = [];
  let length = 0;
  const finish = (): JsonlLine | undefined => {
    line++;
    const tooLong = length > maxLineBytes;
    const text = tooLong ? '' : Buffer.concat(pieces, length).toString('utf8');
    const bytes = length;
    pieces = [];
    length = 0;
    if (tooLong) return { line, ok: false, error: `line is ${bytes} bytes long, over the ${maxLineBytes} limit` };
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
    return trimmed.trim() === '' ? undefined : parseJsonlLine(trimmed, line);
  };
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      take(chunk.subarray(start, nl));
      const row = finish();
      if (row) yield row;
      start = nl + 1;
    }
    take(chunk.subarray(start));
  }
  if (length > 0) {
    const row = finish();
    if (row) yield row;
  }

  function take(part: Buffer): void {
    if (part.length === 0) return;
    length += part.length;
    // Past the limit only the count grows; the bytes are let go.
    if (length > maxLineBytes) pieces = [];
    else pieces.push(part);
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
