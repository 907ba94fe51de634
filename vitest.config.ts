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
    // the main process only waits, apart from the shared build the global setup starts.
    maxWorkers: availableParallelism(),
    globalSetup: ['./tests/support/global-setup.ts'],
    sequence: { sequencer: DefaultBuildLastSequencer },
  },
});
