import { afterAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../pipeline/core/atomic.ts';

const dir = fs.mkdtempSync(join(tmpdir(), 'asynctool-atomic-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic when the rename fails', () => {
  it('removes its temp file and passes the error on', () => {
    // A spy on node:fs itself, copied to its named exports (syncBuiltinESMExports), rather than vi.mock:
    // test files share a worker (isolate: false), where atomic.ts may be loaded already and a module mock would outlive this file.
    const rename = vi.spyOn(fs, 'renameSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    });
    syncBuiltinESMExports();
    try {
      expect(() => writeFileAtomic(join(dir, 'report.html'), 'x'.repeat(100_000))).toThrow(/EXDEV/);
      expect(rename).toHaveBeenCalledTimes(1);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      rename.mockRestore();
      syncBuiltinESMExports();
    }
    writeFileAtomic(join(dir, 'report.html'), 'whole');
    expect(fs.readdirSync(dir)).toEqual(['report.html']);
  });
});
