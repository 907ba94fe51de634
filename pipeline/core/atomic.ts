import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserInputError } from './errors.ts';

let counter = 0;

/**
 * Whole files are only ever written by rename, so a kill never leaves a torn file. `fsync: false`
 * skips the flush to disk (kept for power loss): for files whose loss or damage after a power cut
 * is harmless, such as cache entries, which are read back as misses when unreadable.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: { fsync?: boolean } = {}): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UserInputError('is a folder, not a file; give a file path inside it or another path', { file: path });
  }
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${counter++}.tmp`;
  try {
    writeFileSync(tmp, data);
    if (options.fsync !== false) {
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    renameSync(tmp, path);
  } catch (err) {
    // A failed write or rename must not leave a (possibly megabytes large) orphan beside the target.
    rmSync(tmp, { force: true });
    throw err;
  }
}

const TMP_NAME = /^.+\.(\d+)\.\d+\.tmp$/;

/**
 * Removes `<file>.<pid>.<n>.tmp` files in `dir` (not below) whose writer is gone: what a kill -9
 * during writeFileAtomic leaves behind. A tmp file of a live process is left alone. Returns the count.
 */
export function removeStaleTmpFiles(dir: string, alive: (pid: number) => boolean): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = TMP_NAME.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}
