import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The promise of the agents and metrics tables: a new agent and a new metric are each one file
 * plus one table line. The test makes a copy of the code, drops the two fixture files in, adds
 * one line (and its import) to each table, and runs the copy's own CLI: the agent runs, the metric
 * is in summary.json, the report and compare, and the agent is in --help. A copy rather than a
 * registration API, so the test edits exactly what a contributor edits.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURES = new URL('../fixtures/extension/', import.meta.url).pathname;
const DATASET = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
let copy: string;

/** Adds `line` as the last element of the array `name` and `importLine` at the top of the file. */
function addTableLine(file: string, name: string, importLine: string, line: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`export const ${name}`);
  const end = text.indexOf('\n];', start);
  if (start < 0 || end < 0) throw new Error(`${file}: no array ${name} ending in "];"`);
  writeFileSync(file, `${importLine}\n${text.slice(0, end)}\n  ${line}${text.slice(end)}`);
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(copy, 'bin/asynctool.mjs'), ...args], { cwd: copy, timeout: 240_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, stdout, stderr }),
    );
  });
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'asynctool-extension-'));
  // Sources only: without dist/ the copy's CLI runs its (edited) sources through tsx.
  for (const part of ['bin', 'pipeline', 'toolkits', 'prompts', 'templates', 'schemas', 'package.json', 'tsconfig.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  // The build's parsed toolkit YAML (keyed by content, so the same for the copy): each of the three commands below skips parsing it.
  if (existsSync(join(ROOT, 'dist/parsed-yaml.json'))) cpSync(join(ROOT, 'dist/parsed-yaml.json'), join(copy, 'dist/parsed-yaml.json'));
  cpSync(join(FIXTURES, 'fixture-agent.ts'), join(copy, 'pipeline/agents/fixture-agent.ts'));
  addTableLine(join(copy, 'pipeline/agents/table.ts'), 'AGENT_TABLE', "import { fixtureAgent } from './fixture-agent.ts';", 'fixtureAgent,');
  cpSync(join(FIXTURES, 'calls-per-task.ts'), join(copy, 'pipeline/score/calls-per-task.ts'));
  addTableLine(join(copy, 'pipeline/score/metric-table.ts'), 'METRIC_TABLE', "import { callsPerTask } from './calls-per-task.ts';", 'callsPerTask,');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('one file plus one table line', () => {
  it('a new agent and a new metric show up in --help, summary.json, the report and compare', async () => {
    const out = join(copy, 'run');
    const evaluated = await run(['evaluate', '--agent', 'fixture-agent', '--dataset', DATASET, '--out', out, '--json']);
    expect(evaluated.stderr).not.toMatch(/error/);
    expect(evaluated.code).toBe(0);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.run.agent).toBe('fixture-agent');
    // The oracle's schedule: every sample solved, and a positive number of calls per task in every group.
    expect(summary.overall.taskSuccess.mean).toBe(1);
    expect(summary.overall.callsPerTask.mean).toBeGreaterThan(0);
    expect(summary.overall.callsPerTask.n).toBe(summary.overall.samples);
    for (const group of Object.values(summary.byToolkit) as { callsPerTask?: unknown }[]) expect(group.callsPerTask).toBeDefined();

    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('"key":"callsPerTask","label":"Calls per task"');
    expect(report).toContain('fixture-agent');

    const compared = await run(['compare', out, '--json']);
    const board = JSON.parse(compared.stdout);
    expect(board.runs[0].agent).toBe('fixture-agent');
    // The same interval as summary.json: compare computes it with the summary's own code.
    expect(board.runs[0].metrics.callsPerTask).toEqual(summary.overall.callsPerTask);

    const help = await run(['evaluate', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain('gaming:<kind>, openai:<model>, or fixture-agent');
  }, 600_000);
});
