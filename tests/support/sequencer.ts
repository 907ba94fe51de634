import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { rngFor } from '../../pipeline/core/rng.ts';
import { ensureCompiledAsync, ROOT } from './compiled.ts';

const text = (spec: TestSpecification) => readFileSync(spec.moduleId, 'utf8');
/** Whether a test file reads the shared default build (default-dataset.ts). */
const readsDefaultBuild = (spec: TestSpecification) => text(spec).includes('support/default-dataset.ts');
/** Whether a test file starts the real binary, which runs dist/ when it is fresh and transpiles at each start when not. */
const startsBinary = (spec: TestSpecification) => /runBinary|bin\/asynctool\.mjs|ensureCompiled/.test(text(spec));

/**
 * Vitest's order (failed first, then longest first), except that the files reading the default
 * build go last. With `--sequence.shuffle` the files come in an order drawn from `--sequence.seed`
 * instead (vitest shuffles only the tests inside each file when a config names a sequencer): test
 * files share a worker process (isolate: false), so a state one file leaves for the next shows up
 * under some order. This is also the one place in vitest's main process that sees which files run,
 * so it prepares what they share, only when one of them needs it:
 * - the default build starts here without being waited for, in a child process
 *   (default-build-main.ts: in this process it would hold up the module transforms this thread
 *   serves to the workers), so the workers run other files meanwhile; its readers, last, wait for
 *   it on its lock (a failed build leaves no dataset, and the first reader builds again and
 *   reports the error);
 * - dist/ is compiled when the sources are newer (as `npm ci` does), before any file runs, so the
 *   tests that start the real binary (kill -9, exit status) run compiled JavaScript.
 */
let building: Promise<unknown> | undefined;

/** Runs default-build-main.ts in a child process (through tsx, from the sources the workers test); resolves when it ends, however it ends. */
function buildInChild(): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/default-build-main.ts'], { cwd: ROOT, stdio: 'ignore' });
    child.on('error', () => resolve());
    child.on('exit', () => resolve());
  });
}
let compiling: Promise<void> | undefined;

export class DefaultBuildLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { shuffle, seed } = this.ctx.config.sequence;
    const sorted = shuffle ? rngFor('test-files', seed).shuffle(files) : await super.sort(files);
    const readers = sorted.filter(readsDefaultBuild);
    if (readers.length > 0) building ??= buildInChild();
    if (sorted.some(startsBinary)) await (compiling ??= ensureCompiledAsync());
    return shuffle ? sorted : [...sorted.filter((f) => !readsDefaultBuild(f)), ...readers];
  }
}
