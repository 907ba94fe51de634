import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';

export const DATASET = 'tests/fixtures/datasets/small.jsonl';

/** Real runs of the reference agents on the fixture dataset, made by the CLI as a user would. */
const REFERENCE_RUNS: { name: string; args: string[] }[] = [
  { name: 'oracle', args: ['--agent', 'oracle'] },
  { name: 'sequential', args: ['--agent', 'sequential'] },
  { name: 'premature', args: ['--agent', 'faulty:premature'] },
  { name: 'oracle-instant', args: ['--agent', 'oracle', '--mode', 'instant'] },
];

export async function makeReferenceRuns(): Promise<{ root: string; dirs: string[] }> {
  const root = mkdtempSync(join(tmpdir(), 'asynctool-report-'));
  const dirs = await Promise.all(
    REFERENCE_RUNS.map(async ({ name, args }) => {
      const out = join(root, name);
      const res = await runCli(['evaluate', '--dataset', DATASET, ...args, '--out', out, '--no-report', '--json']);
      if (res.code !== 0) throw new Error(`evaluate ${name} failed: ${res.stderr}`);
      return out;
    }),
  );
  return { root, dirs };
}
