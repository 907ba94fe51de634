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
    // A fresh process per file (vitest's default) is kept: sharing one per worker (isolate: false) saved
    // about 0.5 s CPU per file, but some files then saw state another left (engine, lifecycle, compose).
    isolate: true,
    sequence: { sequencer: DefaultBuildLastSequencer },
  },
});
