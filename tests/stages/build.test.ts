import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runCli } from '../support/cli.ts';
import { fixtureBuildConfig } from './support/build-config.ts';
import { readJsonlFile } from './support/run.ts';

const BIN = new URL('../../bin/asynctool.mjs', import.meta.url).pathname;

function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ['asynctool.jsonl', 'manifest.json', 'DATASET_CARD.md']) files[`out/${name}`] = readFileSync(join(dir, 'out', name), 'utf8');
  for (const name of readdirSync(join(dir, 'work')).filter((f) => f.endsWith('.jsonl'))) files[`work/${name}`] = readFileSync(join(dir, 'work', name), 'utf8');
  return files;
}

/** Starts a build and kills it with SIGKILL after `ms`, or when `until` says so (checked every 5 ms). */
function buildKilledAfter(file: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'build', '--config', file], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('asynctool build', () => {
  it('writes the dataset, schemas, manifest and card; a rerun skips every stage and changes no byte', async () => {
    const { dir, file } = fixtureBuildConfig();
    const first = await runCli(['build', '--config', file, '--json']);
    expect(first.stderr).not.toMatch(/error/);
    expect(first.code).toBe(0);
    const stats = JSON.parse(first.stdout) as { stage: string; out: number; skipped?: boolean }[];
    expect(stats.map((s) => s.stage)).toEqual(['seed', 'evolve', 'compose', 'schedule', 'validate', 'dedup', 'export']);

    const samples = readJsonlFile(join(dir, 'out/asynctool.jsonl'));
    expect(samples.length).toBe(stats.at(-1)!.out);
    expect(samples.length).toBeGreaterThan(40);
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

  it('gives the same output after being killed (kill -9) at several moments and rerun', async () => {
    const clean = fixtureBuildConfig();
    expect((await runCli(['build', '--config', clean.file])).code).toBe(0);
    const reference = outputs(clean.dir);

    const killed = fixtureBuildConfig();
    for (const ms of [400, 900, 1300, 1700, 2100, 2600, 3200]) await buildKilledAfter(killed.file, ms);
    expect((await runCli(['build', '--config', killed.file])).code).toBe(0);
    expect(outputs(killed.dir)).toEqual(reference);
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
