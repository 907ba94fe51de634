/**
 * Runs once in vitest's main process before the test files. It starts the shared default build
 * (default-dataset.ts) without waiting for it, so the workers run other files meanwhile; the files
 * that read the build run last (sequencer.ts) and wait for it on its lock. A build that fails here
 * leaves no dataset, and the first file that needs it builds again and reports the error.
 */
import { defaultBuildOnDisk } from './default-dataset.ts';

export default function setup(): () => Promise<void> {
  const building = defaultBuildOnDisk().catch(() => undefined);
  return async () => {
    await building;
  };
}
