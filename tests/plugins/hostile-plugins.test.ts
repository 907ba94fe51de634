import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldToolkit } from '../../pipeline/scaffold/new-toolkit.ts';
import { runCli } from '../support/cli.ts';

/** A scaffolded plugin whose shelf_create_item is made hostile by `body` (run before it returns). */
function hostilePlugin(body: string): string {
  const { dir } = scaffoldToolkit('shelf', mkdtempSync(join(tmpdir(), 'asynctool-hostile-')));
  const file = join(dir, 'simulator.mjs');
  const text = readFileSync(file, 'utf8');
  const next = text.replace('state.counter += 1;', `state.counter += 1; ${body}`);
  if (next === text) throw new Error('fixture edit did not apply');
  writeFileSync(file, next);
  return dir;
}

// A short deadline keeps the loop cases quick; the default is 5 s.
const env = { ASYNCTOOL_PLUGIN_DEADLINE_MS: '1500', ASYNCTOOL_PLUGIN_MEMORY_MB: '64' };

async function validateSays(dir: string): Promise<string> {
  const res = await runCli(['validate', dir], { env, timeoutMs: 60_000 });
  expect(res.code).toBe(1);
  expect(res.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  return res.stderr + res.stdout;
}

describe('a hostile plugin simulator is stopped with a message naming toolkit and function', () => {
  it('an endless loop', async () => {
    const msg = await validateSays(hostilePlugin('for (;;) {}'));
    expect(msg).toMatch(/simulator shelf\.shelf_create_item threw Error: did not return within 1500 ms \(an endless loop/);
  });

  it('an allocation without end', async () => {
    const msg = await validateSays(hostilePlugin('const hog = []; for (;;) hog.push(new Array(1e6).fill(1));'));
    expect(msg).toMatch(/simulator shelf\.shelf_create_item threw Error: did not return within 1500 ms \(an endless loop, or over its 64 MB memory limit/);
  });

  it('a BigInt result', async () => {
    const msg = await validateSays(hostilePlugin('return { id: 1n };'));
    expect(msg).toMatch(/simulator shelf\.shelf_create_item threw Error: returned a value that cannot be written as JSON \(.*BigInt/);
  });

  it('a cyclic result', async () => {
    const msg = await validateSays(hostilePlugin('const o = {}; o.self = o; return o;'));
    expect(msg).toMatch(/simulator shelf\.shelf_create_item threw Error: returned a value that cannot be written as JSON \(.*circular/);
  });

  it('results that drift after a few calls (hidden module state)', async () => {
    const msg = await validateSays(hostilePlugin('globalThis.__calls = (globalThis.__calls ?? 0) + 1; if (globalThis.__calls > 4) state.counter += 1;'));
    expect(msg).toMatch(/the simulator is not deterministic/);
  });

  it('results that read the clock, even at the resolution of seconds', async () => {
    const msg = await validateSays(hostilePlugin('state.counter += new Date().getSeconds();'));
    expect(msg).toMatch(/the simulator is not deterministic/);
  });
});
