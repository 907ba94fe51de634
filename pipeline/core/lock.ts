import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from './errors.ts';

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FolderLock {
  readonly file: string;
  release(): void;
}

/**
 * One writer per folder: `<dir>/.lock` holds the owner's pid, created with O_EXCL. While that
 * process lives, a second one is refused with a message naming it; a lock left by a process that
 * died (kill -9, power loss) is taken over. The lock goes when released or when the process exits.
 */
export function lockFolder(dir: string, what: string): FolderLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '.lock');
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw err;
      const owner = Number.parseInt(readText(file), 10);
      if (owner === process.pid) break;
      if (pidAlive(owner)) {
        throw new UserInputError(`${what} is in use by process ${owner}; wait for it to finish (or stop it), or give another --out`, { file: dir });
      }
      // A stale lock: its owner is gone. Removing it and retrying O_EXCL lets only one taker win.
      rmSync(file, { force: true });
    }
  }
  const release = () => {
    if (Number.parseInt(readText(file), 10) === process.pid) rmSync(file, { force: true });
    process.off('exit', release);
  };
  process.on('exit', release);
  return { file, release };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
