/**
 * Makes the shared default build (default-dataset.ts) in a process of its own. The sequencer starts
 * it: in vitest's main process the build would block the event loop for seconds at a time (compose
 * awaits only microtasks), and that thread also serves the workers' module transforms, so every
 * test file importing a module meanwhile would wait for the build.
 */
import { defaultBuildOnDisk } from './default-dataset.ts';

await defaultBuildOnDisk();
