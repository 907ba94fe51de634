import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Whether a test file reads the shared default build, which the global setup is still making when the run starts. */
function readsDefaultBuild(spec: TestSpecification): boolean {
  return readFileSync(spec.moduleId, 'utf8').includes('support/default-dataset.ts');
}

/**
 * Vitest's order (failed first, then longest first), except that the files reading the default
 * build go last: started first, they would only wait on its lock while other files could run.
 */
export class DefaultBuildLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => !readsDefaultBuild(f)), ...sorted.filter(readsDefaultBuild)];
  }
}
