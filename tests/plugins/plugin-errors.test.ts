import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldToolkit } from '../../pipeline/scaffold/new-toolkit.ts';
import { runCli } from '../support/cli.ts';

/** A fresh scaffolded plugin outside the repository, edited by `edit` to break it one way. */
function brokenPlugin(edit: (dir: string) => void): string {
  const { dir } = scaffoldToolkit('shelf', mkdtempSync(join(tmpdir(), 'asynctool-plugin-')));
  edit(dir);
  return dir;
}

function replaceIn(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`fixture edit did not apply to ${file}`);
  writeFileSync(file, next);
}

async function userSees(dir: string): Promise<string> {
  const res = await runCli(['validate', dir]);
  expect(res.code).toBe(1);
  expect(res.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/); // a message, not a stack trace
  return res.stderr.trim();
}

describe('a broken toolkit plugin gets a clear message naming the file and the problem', () => {
  it('a fresh scaffold validates', async () => {
    const dir = brokenPlugin(() => {});
    const res = await runCli(['validate', dir]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('3 valid task(s) over 1 toolkit(s)');
  });

  it('bad YAML', async () => {
    const dir = brokenPlugin((d) => replaceIn(join(d, 'toolkit.yaml'), 'title: Shelf', 'title: [Shelf'));
    expect(await userSees(dir)).toMatch(new RegExp(`error: ${join(dir, 'toolkit.yaml')}: is not valid YAML`));
  });

  it('a definition that breaks the schema', async () => {
    const dir = brokenPlugin((d) => replaceIn(join(d, 'toolkit.yaml'), / {4}latency: \{ kind: uniform, min: 0.5, max: 2 \}\n/, ''));
    expect(await userSees(dir)).toMatch(/toolkit\.yaml: \$\.functions\[1\]\.latency: /);
  });

  it('an unknown function in a seed', async () => {
    const dir = brokenPlugin((d) =>
      replaceIn(join(d, 'seeds/examples.yaml'), 'tool: shelf_get_item, args: { item_id: { $ref: c1.item_id } }', 'tool: shelf_fetch, args: { item_id: { $ref: c1.item_id } }'),
    );
    const msg = await userSees(dir);
    expect(msg).toContain(join(dir, 'seeds/examples.yaml'));
    expect(msg).toContain('record shelf-002');
    expect(msg).toContain('seed calls unknown function "shelf_fetch"; toolkit shelf defines shelf_create_item, shelf_get_item');
  });

  it('a simulator missing a function', async () => {
    const dir = brokenPlugin((d) => replaceIn(join(d, 'simulator.mjs'), 'shelf_get_item(state, args, ctx) {', '_unused(state, args, ctx) {'));
    const msg = await userSees(dir);
    expect(msg).toContain(join(dir, 'simulator.mjs'));
    expect(msg).toMatch(/function "shelf_get_item" is defined in toolkit\.yaml but the simulator has no implementation for it/);
  });

  it('a non-deterministic simulator', async () => {
    const dir = brokenPlugin((d) => replaceIn(join(d, 'simulator.mjs'), "ctx.id('item', args.title, state.counter)", "ctx.id('item', args.title, Math.random())"));
    const msg = await userSees(dir);
    expect(msg).toContain('record shelf-001');
    expect(msg).toMatch(/the simulator is not deterministic/);
  });

  it('a simulator that throws', async () => {
    const dir = brokenPlugin((d) => replaceIn(join(d, 'simulator.mjs'), 'state.counter += 1;', 'state.counter += 1; null.boom;'));
    const msg = await userSees(dir);
    expect(msg).toContain('record shelf-001');
    expect(msg).toMatch(/simulator shelf\.shelf_create_item threw TypeError: .*never throw/);
  });

  it('a simulator module that fails to load', async () => {
    const dir = brokenPlugin((d) => replaceIn(join(d, 'simulator.mjs'), 'export const simulator = {', 'export const simulator = {{'));
    expect(await userSees(dir)).toMatch(new RegExp(`${join(dir, 'simulator.mjs')}: the simulator module failed to load`));
  });
});

describe('new-toolkit', () => {
  it('refuses the name of a built-in toolkit and writes nothing', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'asynctool-nt-'));
    const res = await runCli(['new-toolkit', 'math', '--dir', parent]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('error: "math" is the name of a built-in toolkit; toolkit names must be unique, so choose another.\n');
    expect(readdirSync(parent)).toEqual([]);
  });
});
