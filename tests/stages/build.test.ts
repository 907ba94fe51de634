import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { type CliResult, runCli } from '../support/cli.ts';
import { fixtureBuildConfig } from './support/build-config.ts';
import { readJsonlFile } from './support/run.ts';

const BIN = new URL('../../bin/asynctool.mjs', import.meta.url).pathname;

function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['asynctool.jsonl', 'manifest.json', 'DATASET_CARD.md']) files[`out/${name}`] = readFileSync(join(dir, 'out', name), 'utf8');
  for (const name of readdirSync(join(dir, 'work')).filter((f) => f.endsWith('.jsonl'))) files[`work/${name}`] = readFileSync(join(dir, 'work', name), 'utf8');
  return files;
}

const lineCount = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0);

/**
 * Where a build is killed: inside each per-record stage once its journal holds a few records, and
 * between stages once a whole-set stage's output exists. Aimed by watching the build's own files,
 * so the same moments are hit on a fast machine and a slow one.
 */
const KILL_POINTS: { name: string; reached: (work: string) => boolean }[] = [
  ...['seed', 'evolve', 'schedule', 'validate'].map((stage) => ({ name: `inside ${stage}`, reached: (work: string) => lineCount(join(work, `${stage}.journal.jsonl`)) >= 3 })),
  ...['compose', 'dedup'].map((stage) => ({ name: `after ${stage}`, reached: (work: string) => existsSync(join(work, `${stage}.jsonl`)) })),
];

/** Starts a build and kills it with SIGKILL once `reached` holds (polled every 2 ms); resolves when the process is gone, whether it was killed or finished first. */
function buildKilledWhen(file: string, work: string, reached: (work: string) => boolean): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build', '--config', file], { stdio: 'ignore' });
    let killed = false;
    const poll = setInterval(() => {
      if (reached(work)) {
        killed = true;
        child.kill('SIGKILL');
        clearInterval(poll);
      }
    }, 2);
    child.on('exit', () => {
      clearInterval(poll);
      resolve(killed ? 'killed' : 'finished');
    });
  });
}

/** About 20 samples: every stage sees records of both sizes and each kill point is inside its stage, at half the cost of the default fixture's 41. */
const SMALL = { compose: { targets: { '2': 12, '3': 8 } } };

let clean: Promise<{ dir: string; file: string; first: CliResult; outputs: Record<string, string> }> | undefined;

/**
 * One build of the fixture config, shared by the tests below: the first checks what it wrote, the
 * kill test compares with its outputs, the sweep test reruns it. A build is the costly part of each.
 */
function cleanBuild() {
  clean ??= (async () => {
    const { dir, file } = fixtureBuildConfig(SMALL);
    const first = await runCli(['build', '--config', file, '--json']);
    return { dir, file, first, outputs: first.code === 0 ? outputs(dir) : {} };
  })();
  return clean;
}

describe('asynctool build', () => {
  it('writes the dataset, schemas, manifest and card; a rerun skips every stage and changes no byte', async () => {
    const { dir, file, first } = await cleanBuild();
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    const stats = JSON.parse(first.stdout) as { stage: string; out: number; skipped?: boolean }[];
    expect(stats.map((s) => s.stage)).toEqual(['seed', 'evolve', 'compose', 'schedule', 'validate', 'dedup', 'export']);

    const samples = readJsonlFile(join(dir, 'out/asynctool.jsonl'));
    expect(samples.length).toBe(stats.at(-1)!.out);
    expect(samples.length).toBeGreaterThan(15);
    expect(new Set(samples.map((s) => s.tasks.length))).toEqual(new Set([2, 3]));
    expect(existsSync(join(dir, 'out/schemas/sample.schema.json'))).toBe(true);

    const manifest = JSON.parse(readFileSync(join(dir, 'out/manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'AsyncTool', seed: 42, version: expect.any(String), configHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Object.keys(manifest.stages)).toEqual(['seed', 'evolve', 'compose', 'schedule', 'validate', 'dedup', 'export']);
    expect(manifest.stages.export.out).toBe(samples.length);
    expect(Object.keys(manifest.inputs.seeds).length).toBe(3);
    expect(Object.keys(manifest.inputs.toolkits).sort()).toEqual(['fx_bank', 'fx_notes', 'fx_weather']);

    const card = readFileSync(join(dir, 'out/DATASET_CARD.md'), 'utf8');
    const front = parseYaml(card.split('---')[1]!) as Record<string, unknown>;
    expect(front).toMatchObject({ license: 'apache-2.0', pretty_name: 'AsyncTool' });
    for (const heading of ['### By toolkit', '### Tasks per sample', '### Composition pattern', '### Steps', '### Latency']) expect(card).toContain(heading);

    const valid = await runCli(['validate', join(dir, 'out/asynctool.jsonl'), '--toolkits', JSON.parse(JSON.stringify(parseYaml(readFileSync(file, 'utf8')))).toolkits[0]]);
    expect(valid.stdout).toMatch(/0 problem/);

    const before = outputs(dir);
    const second = await runCli(['build', '--config', file, '--json']);
    expect((JSON.parse(second.stdout) as { skipped?: boolean }[]).every((s) => s.skipped)).toBe(true);
    const forced = await runCli(['build', '--config', file, '--force', '--json']);
    expect((JSON.parse(forced.stdout) as { skipped?: boolean }[]).some((s) => s.skipped)).toBe(false);
    expect(outputs(dir)).toEqual(before);
  });

  it('gives the same output after being killed (kill -9) inside and between stages and rerun', async () => {
    const reference = (await cleanBuild()).outputs;

    const killed = fixtureBuildConfig(SMALL);
    const work = join(killed.dir, 'work');
    const outcomes: string[] = [];
    for (const point of KILL_POINTS) outcomes.push(`${point.name}: ${await buildKilledWhen(killed.file, work, point.reached)}`);
    // Each point lies ahead of the previous one, so every kill must have landed before the build finished.
    expect(outcomes).toEqual(KILL_POINTS.map((p) => `${p.name}: killed`));
    expect((await runCli(['build', '--config', killed.file])).code).toBe(0);
    expect(outputs(killed.dir)).toEqual(reference);
  });

  it('sweeps the temp files a killed build left behind, and keeps those of a live writer', async () => {
    // A build over a finished one skips every stage, but sweeps first, as after a kill.
    const { dir, file } = await cleanBuild();
    // pid 2^22 + 1 is above Linux's pid_max, so no process has it.
    const stale = [join(dir, 'out', 'asynctool.jsonl.4194305.0.tmp'), join(dir, 'work', 'seed.jsonl.4194305.3.tmp')];
    // The test runner's parent: alive, and not this process, where the build runs.
    const live = join(dir, 'out', `manifest.json.${process.ppid}.0.tmp`);
    for (const f of [...stale, live]) writeFileSync(f, 'partial');
    expect((await runCli(['build', '--config', file])).code).toBe(0);
    for (const f of stale) expect(existsSync(f), f).toBe(false);
    expect(existsSync(live)).toBe(true);
    rmSync(live);
  });

  it('runs one stage alone with --in and --out', async () => {
    const { dir, file } = fixtureBuildConfig();
    const seed = await runCli(['stage', 'seed', '--config', file, '--out', join(dir, 'alone/seed.jsonl')]);
    expect(seed.code).toBe(0);
    const evolve = await runCli(['stage', 'evolve', '--config', file, '--in', join(dir, 'alone/seed.jsonl'), '--out', join(dir, 'alone/evolve.jsonl'), '--json']);
    expect(JSON.parse(evolve.stdout)).toMatchObject({ stage: 'evolve', in: 15 });
    expect(existsSync(join(dir, 'alone/evolve.report.json'))).toBe(true);
    const unknown = await runCli(['stage', 'polish', '--config', file]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown stage "polish"; the stages are seed, evolve/);
    const missing = await runCli(['stage', 'compose', '--config', file, '--in', join(dir, 'nope.jsonl')]);
    expect(missing.stderr).toMatch(/nope\.jsonl: input file does not exist/);
  });
});
