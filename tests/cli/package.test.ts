import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../pipeline/cli/commands/index.ts';
import { runBinary, runCli } from '../support/cli.ts';
import { ensureCompiled, ROOT } from '../support/compiled.ts';

describe('the package as a library and a compiled CLI', () => {
  beforeAll(() => ensureCompiled(), 120_000);

  it('imports by name and scores a trace from code', () => {
    // Node resolves a package's own name through its `exports`, as a dependent project would.
    const script = `
      const lib = await import('asynctool');
      const registry = await lib.loadRegistry();
      const [sample] = await lib.readDataset('tests/fixtures/datasets/small.jsonl', registry);
      const agent = lib.createAgent('oracle');
      const trace = await lib.runEpisode(sample, agent, registry);
      const score = lib.scoreSample(sample, trace, registry);
      const toolkit = await import('asynctool/toolkit');
      console.log(JSON.stringify({ keys: Object.keys(lib).sort(), solved: score.taskSuccess, toolkit: Object.keys(toolkit).sort() }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as { keys: string[]; solved: unknown; toolkit: string[] };
    // The public toolkit API a plugin's simulator imports (pipeline/toolkit-api.ts).
    expect(out.toolkit).toEqual(expect.arrayContaining(['defineSimulator', 'ToolError', 'rngFor', 'sha256']));
    expect(out.keys).toEqual(expect.arrayContaining(['scoreSample', 'runEpisode', 'loadRegistry', 'readDataset', 'createAgent', 'Sample', 'Trace', 'publishedSchemas']));
    expect(out.solved).toBe(true);
  });

  it('publishes no tests, scratch files or build inputs it does not need', () => {
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as [{ files: { path: string }[] }];
    const paths = pack.files.map((f) => f.path);
    expect(paths).toContain('dist/pipeline/index.js');
    expect(paths).toContain('bin/asynctool.mjs');
    expect(paths.filter((p) => p.startsWith('tests/') || p.startsWith('.scratch/') || p.startsWith('output/'))).toEqual([]);
  });

  it('compiled, the CLI loads a TypeScript plugin (through tsx, in the main thread and in its sandbox thread)', async () => {
    const res = await runBinary(['validate', '--toolkits', 'tests/fixtures/toolkits', 'tests/fixtures/validate/good.yaml'], { cwd: ROOT });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('1 valid task(s) over 1 toolkit(s)');
  });

  it('compiled and from source, the CLI prints the same', async () => {
    const compiled = await runBinary(['validate', 'seeds/math.yaml'], { cwd: ROOT });
    const source = await runBinary(['validate', 'seeds/math.yaml'], { cwd: ROOT, env: { ASYNCTOOL_FROM_SOURCE: '1' } });
    expect(compiled.code).toBe(0);
    expect(compiled).toEqual(source);
  });
});

describe('help and usage errors', () => {
  it('lists every command with the summary its own help gives', async () => {
    for (const entry of commands) {
      const { code, stdout } = await runCli([entry.name, '--help']);
      expect(code).toBe(0);
      expect(stdout.replace(/\s+/g, ' ')).toContain(entry.summary);
    }
  });

  it('ends each command help with examples', async () => {
    for (const entry of commands) {
      const { stdout } = await runCli([entry.name, '--help']);
      expect(stdout, entry.name).toMatch(/Examples:\n( {2}\$ .+\n){2,3}$/);
    }
  });

  it('answers a usage error with one line and a pointer to --help, not the whole help', async () => {
    for (const args of [['evaluate'], ['evaluate', '--agent', 'oracle', '--bogus'], ['no-such-command']]) {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(2);
      expect(lines[0]).toMatch(/^error: /);
      expect(lines[1]).toContain('--help');
    }
  });

  it('the real binary exits with the status main() returns: 0 for help and version, 1 for a usage error', async () => {
    // In-process calls check the text above; only a process shows that the status reaches the shell.
    expect((await runBinary(['--version'])).code).toBe(0);
    const usage = await runBinary(['evaluate', '--agent', 'oracle', '--bogus']);
    expect(usage.code).toBe(1);
    expect(usage.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: unknown option '--bogus'/), expect.stringContaining('--help')]);
    expect(usage.stdout).toBe('');
    // A command that reports problems and returns normally (ctx.fail) still ends the process with 1 (an empty file is one).
    expect((await runBinary(['validate', 'tests/fixtures/validate/empty.jsonl'], { cwd: ROOT })).code).toBe(1);
  });
});
