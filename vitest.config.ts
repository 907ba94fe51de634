import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { DefaultBuildLastSequencer } from './tests/support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Forks (not threads): tests run the CLI in-process, which changes the working directory.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores, which on 2 cores leaves one idle:
    // the main process only waits, apart from the shared build the sequencer starts (tests/support/sequencer.ts).
    maxWorkers: availableParallelism(),
    // One process per worker for all its files, not a fresh one per file (vitest's default): that start
    // (module graph, transforms) cost about 0.5 s CPU per file. A file must therefore leave no state
    // behind (module mocks, env vars, working directory, fs spies): `--sequence.shuffle --sequence.seed N`
    // runs the files in another order (tests/support/sequencer.ts) to find one that does.
    isolate: false,
    sequence: { sequencer: DefaultBuildLastSequencer },
  },
});
