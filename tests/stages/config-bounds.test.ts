import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../pipeline/config/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'asynctool-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const load = (yaml: string) => {
  const file = join(dir, `c${yaml.length}.yaml`);
  writeFileSync(file, yaml);
  return () => loadConfig(file);
};

describe('config bounds', () => {
  it('refuses a count no build could finish (compose.targets 1e9)', () => {
    expect(load('compose:\n  targets: {"2": 1000000000}\n')).toThrow(/at \$\.compose\.targets\.2: Too big: expected number to be <=100000/);
  });

  it.each(["''", "'../escape.jsonl'", "'sub/x.jsonl'", "'..'"])('refuses export.file %s, which would leave the output folder', (value) => {
    expect(load(`export:\n  file: ${value}\n`)).toThrow(/at \$\.export\.file: a file name inside the output folder/);
  });

  it('accepts a plain file name', () => {
    expect(load("export:\n  file: 'mine.jsonl'\n")().config.export.file).toBe('mine.jsonl');
  });
});
