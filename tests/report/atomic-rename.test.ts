import { afterAll, describe, expect, it, vi } from 'vitest';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../pipeline/core/atomic.ts';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, renameSync: vi.fn(real.renameSync) };
});

const dir = fs.mkdtempSync(join(tmpdir(), 'asynctool-atomic-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic when the rename fails', () => {
  it('removes its temp file and passes the error on', () => {
    vi.mocked(fs.renameSync).mockImplementationOnce(() => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    });
    expect(() => writeFileAtomic(join(dir, 'report.html'), 'x'.repeat(100_000))).toThrow(/EXDEV/);
    expect(fs.readdirSync(dir)).toEqual([]);
    writeFileAtomic(join(dir, 'report.html'), 'whole');
    expect(fs.readdirSync(dir)).toEqual(['report.html']);
  });
});
