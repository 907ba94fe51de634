import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../support/cli.ts';

const REPO = resolve(import.meta.dirname, '../..');

function gitStatus(): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: REPO, encoding: 'utf8' });
}

describe('a new scenario is a folder, not a fork', () => {
  it('scaffolds a toolkit outside the repository, builds a mixed dataset and evaluates the oracle at 100%', async () => {
    const before = gitStatus();
    const work = mkdtempSync(join(tmpdir(), 'asynctool-e2e-'));
    const scaffold = await runCli(['new-toolkit', 'pantry', '--dir', work]);
    expect(scaffold.code, scaffold.stderr).toBe(0);
    const plugin = join(work, 'pantry');

    // A user's own seeds beside the scaffold's examples: a slow write then a dependent read, and two independent writes.
    writeFileSync(
      join(plugin, 'seeds', 'mine.yaml'),
      [
        '- id: pantry-101',
        '  toolkit: pantry',
        '  query: Create an item titled "rice" and an item titled "lentils", then read the rice item back.',
        '  calls:',
        '    - { id: c1, tool: pantry_create_item, args: { title: rice } }',
        '    - { id: c2, tool: pantry_create_item, args: { title: lentils } }',
        '    - { id: c3, tool: pantry_get_item, args: { item_id: { $ref: c1.item_id } } }',
        '  answer: { $ref: c3.title }',
        '- id: pantry-102',
        '  toolkit: pantry',
        '  query: Add an item called "olive oil" and tell me the title stored for it.',
        '  calls:',
        '    - { id: c1, tool: pantry_create_item, args: { title: olive oil } }',
        '    - { id: c2, tool: pantry_get_item, args: { item_id: { $ref: c1.item_id } } }',
        '  answer: { $ref: c2.title }',
        '',
      ].join('\n'),
    );
    const valid = await runCli(['validate', plugin]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('5 valid task(s) over 1 toolkit(s)');

    const config = join(work, 'pipeline.yaml');
    writeFileSync(config, [`workDir: ${join(work, 'work')}`, `outDir: ${join(work, 'out')}`, `seeds: [${join(REPO, 'seeds')}]`, 'compose:', '  targets: { "2": 40, "3": 20 }', ''].join('\n'));
    const build = await runCli(['build', '--config', config, '--toolkits', plugin, '--json']);
    expect(build.code, build.stderr).toBe(0);
    const dataset = join(work, 'out', 'asynctool.jsonl');
    const samples = readFileSync(dataset, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { meta: { toolkits: string[] } });
    const mixed = samples.filter((s) => s.meta.toolkits.includes('pantry') && s.meta.toolkits.length > 1);
    expect(mixed.length).toBeGreaterThan(0);

    const run = await runCli(['evaluate', '--dataset', dataset, '--agent', 'oracle', '--toolkits', plugin, '--out', join(work, 'run'), '--no-report', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { overall: Record<string, { mean: number }>; byToolkit: Record<string, Record<string, { mean: number }>> };
    expect(summary.overall.taskSuccess!.mean).toBe(1);
    expect(summary.overall.efficiency!.mean).toBe(1);
    expect(summary.byToolkit.pantry!.taskSuccess!.mean).toBe(1);

    expect(gitStatus()).toBe(before);
  });
});
