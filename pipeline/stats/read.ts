import { Sample } from '../schema/sample.ts';
import { Task } from '../schema/task.ts';
import { readJsonl } from '../core/jsonl.ts';
import { findSeedFiles, readSeedFile } from '../world/seeds.ts';

/**
 * Tasks and samples under the given paths (JSONL streamed; YAML/JSON seed files parsed), with a
 * count of records that do not fit either schema (`validate` explains them).
 */
export async function* readCorpus(paths: readonly string[], onSkip: (where: string) => void): AsyncGenerator<Task | Sample> {
  for (const file of findSeedFiles(paths, 'yaml,yml,json,jsonl')) {
    if (file.endsWith('.jsonl')) {
      for await (const row of readJsonl(file)) {
        const v = row.ok ? (row.value as { tasks?: unknown }) : undefined;
        const parsed = v && typeof v === 'object' && 'tasks' in v ? Sample.safeParse(v) : Task.safeParse(v);
        if (parsed.success) yield parsed.data;
        else onSkip(`${file}:${row.line}`);
      }
      continue;
    }
    try {
      for (const rec of readSeedFile(file)) yield rec.task;
    } catch {
      onSkip(file);
    }
  }
}
