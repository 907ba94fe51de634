import { parentPort, workerData } from 'node:worker_threads';
import { loadRegistry } from '../world/registry.ts';
import { checkJsonLine } from './check-record.ts';

/** Checks batches of JSONL lines sent by the main thread, with the same registry it uses. */
const registry = await loadRegistry((workerData as { extraDirs: string[] }).extraDirs);
parentPort!.on('message', (batch: { seq: number; lines: [number, string][] }) => {
  parentPort!.postMessage({ seq: batch.seq, results: batch.lines.map(([line, text]) => checkJsonLine(text, line, registry)) });
});
parentPort!.postMessage({ ready: true });
