import { existsSync } from 'node:fs';
import { UserInputError } from '../core/errors.ts';
import { readJsonl } from '../core/jsonl.ts';
import type { InputSource } from './stage.ts';

/** JSONL input files, read in the order given; a line that is not JSON becomes an input the stage rejects. */
export function jsonlSource(paths: readonly string[]): InputSource {
  for (const file of paths) {
    if (!existsSync(file)) throw new UserInputError('input file does not exist; run the previous stage first (or `asynctool build`).', { file });
  }
  return {
    files: [...paths],
    async *records() {
      for (const file of paths) {
        for await (const row of readJsonl(file)) {
          const where = `${file}:${row.line}`;
          yield row.ok ? { value: row.value, where } : { value: undefined, where, error: row.error };
        }
      }
    },
  };
}
