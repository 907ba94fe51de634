import { Worker } from 'node:worker_threads';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { CheckedRecord, UnreadableRecord } from './check-record.ts';

const BATCH_LINES = 512;

/**
 * Checks a JSONL file on several worker threads, yielding verdicts in line order so output is the
 * same as a serial run. The main thread only reads lines; memory stays flat because at most a few
 * batches per worker are in flight.
 */
export async function* checkJsonlInParallel(file: string, extraDirs: readonly string[], threads: number): AsyncGenerator<CheckedRecord | UnreadableRecord> {
  const workers = Array.from({ length: threads }, () => new Worker(new URL('./worker.mjs', import.meta.url), { workerData: { extraDirs }, execArgv: [] }));
  type Results = (CheckedRecord | UnreadableRecord)[];
  const waiting = new Map<number, { resolve: (r: Results) => void; reject: (e: Error) => void }>();
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('error', reject);
          w.on('message', (msg: { ready?: true; seq?: number; results?: (CheckedRecord | UnreadableRecord)[] }) => {
            if (msg.ready) return resolve();
            waiting.get(msg.seq!)?.resolve(msg.results!);
            waiting.delete(msg.seq!);
          });
        }),
    ),
  );
  // A crashed worker fails every batch still out, so the run stops with the error instead of hanging.
  for (const w of workers) w.on('error', (err) => [...waiting.values()].forEach((p) => p.reject(err)));
  const pending: Promise<Results>[] = [];
  let seq = 0;
  const send = (lines: [number, string][]) => {
    const id = seq++;
    const p = new Promise<Results>((resolve, reject) => waiting.set(id, { resolve, reject }));
    p.catch(() => {}); // observed when its turn comes; avoids an unhandled rejection meanwhile
    pending.push(p);
    workers[id % threads]!.postMessage({ seq: id, lines });
  };
  try {
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    let batch: [number, string][] = [];
    let line = 0;
    for await (const text of rl) {
      line++;
      if (text.trim() === '') continue;
      batch.push([line, text]);
      if (batch.length === BATCH_LINES) {
        send(batch);
        batch = [];
        while (pending.length >= threads * 3) yield* await pending.shift()!;
      }
    }
    if (batch.length > 0) send(batch);
    while (pending.length > 0) yield* await pending.shift()!;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
