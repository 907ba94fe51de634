import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { writeFileAtomic } from '../../pipeline/core/atomic.ts';
import { runCli } from '../support/cli.ts';
import { DATASET } from './runs.ts';

interface PackedEpisode {
  i: [number, number][];
  c: unknown[][];
}

const pageEpisodes = (file: string): PackedEpisode[] => {
  const block = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(readFileSync(file, 'utf8'))![1]!;
  return (JSON.parse(block) as { episodes: PackedEpisode[] }).episodes;
};

let root: string;
let run: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'asynctool-report-inputs-'));
  run = join(root, 'sequential');
  // The sequential agent waits while ready calls are not issued, so its timelines have idle windows.
  const res = await runCli(['evaluate', '--dataset', DATASET, '--agent', 'sequential', '--limit', '4', '--out', run, '--no-report']);
  if (res.code !== 0) throw new Error(res.stderr);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('report inputs', () => {
  it('--out naming a folder is one error naming the flag, and leaves nothing in it', async () => {
    const folder = join(root, 'existing');
    mkdirSync(folder);
    const res = await runCli(['report', run, '--out', folder]);
    expect(res.code).toBe(1);
    expect(res.stderr.trim().split('\n')).toEqual([`error: ${folder}: --out is a folder; give the HTML file to write, e.g. --out ${join(folder, 'report.html')}`]);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('writeFileAtomic refuses a folder as its target with a UserInputError naming it, and leaves no temp file', () => {
    const folder = join(root, 'target');
    mkdirSync(folder);
    let error: unknown;
    try {
      writeFileAtomic(folder, 'x'.repeat(1000));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as Error).message).toBe(`${folder}: is a folder, not a file; give a file path inside it or another path`);
    expect(readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--dataset of another dataset than the run used: a clear warning, and no idle windows or violations drawn from it', async () => {
    const other = join(root, 'other.jsonl');
    const lines = readFileSync(DATASET, 'utf8').split('\n');
    writeFileSync(other, [lines[0]!.replace('My last four commutes', 'My last four runs'), ...lines.slice(1)].join('\n'));

    const own = await runCli(['report', run, '--dataset', DATASET, '--out', join(root, 'own.html')]);
    expect(own.code).toBe(0);
    expect(own.stderr).not.toContain('warning:');
    expect(pageEpisodes(join(root, 'own.html')).some((e) => e.i.length > 0)).toBe(true);

    const res = await runCli(['report', run, '--dataset', other, '--out', join(root, 'other.html')]);
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(
      /^warning: .*sequential was run on another dataset than .*other\.jsonl \(sha256 [0-9a-f]{12} in summary\.json, [0-9a-f]{12} now\); idle windows and violations are left out of its timelines\. Pass the dataset the run used with --dataset\.$/m,
    );
    const episodes = pageEpisodes(join(root, 'other.html'));
    expect(episodes).toHaveLength(4);
    expect(episodes.every((e) => e.i.length === 0)).toBe(true);
  });
});
