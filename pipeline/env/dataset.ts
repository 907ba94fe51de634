import { existsSync, statSync } from 'node:fs';
import { UserInputError } from '../core/errors.ts';
import { readJsonl } from '../core/jsonl.ts';
import { formatZodIssues } from '../schema/issues.ts';
import { Sample } from '../schema/sample.ts';
import type { Registry } from '../world/registry.ts';
import { replaySampleGold } from '../world/replay.ts';

export const DEFAULT_DATASET = 'output/asynctool.jsonl';

/** Every sample of a dataset file, checked against the schema and the loaded toolkits before any episode runs. */
export async function readDataset(file: string, registry: Registry): Promise<Sample[]> {
  if (!existsSync(file)) {
    const hint = file === DEFAULT_DATASET ? 'build it first with `npm run build-dataset`, or pass --dataset FILE' : 'check the --dataset path';
    throw new UserInputError(`no dataset here; ${hint}.`, { file });
  }
  if (statSync(file).isDirectory()) throw new UserInputError('is a folder, not a dataset; pass the JSONL file with --dataset FILE.jsonl', { file });
  const samples: Sample[] = [];
  const seen = new Map<string, number>();
  for await (const row of readJsonl(file)) {
    if (!row.ok) throw new UserInputError(row.error, { file, line: row.line });
    const parsed = Sample.safeParse(row.value);
    const id = (row.value as { id?: unknown } | null)?.id;
    const record = typeof id === 'string' ? id : undefined;
    if (!parsed.success) throw new UserInputError(`not a valid sample: ${formatZodIssues(parsed.error.issues)}`, { file, line: row.line, record });
    const sample = parsed.data;
    if (seen.has(sample.id)) throw new UserInputError(`duplicate sample id (first on line ${seen.get(sample.id)}); ids key the results of a run.`, { file, line: row.line, record });
    seen.set(sample.id, row.line);
    const unknown = [...new Set([...sample.tools, ...sample.tasks.flatMap((t) => t.calls.map((c) => c.tool))])].filter((t) => !registry.fn(t));
    if (unknown.length > 0) {
      throw new UserInputError(`uses functions no loaded toolkit defines: ${unknown.join(', ')}; add the toolkit folder with --toolkits DIR`, { file, line: row.line, record });
    }
    // A reference that dangles or loops makes the gold run, and so every score, meaningless: refused as validate refuses it.
    // Only reference problems: a gold call that fails is the dataset's business (validate reports it), not a reason to refuse a run.
    // A reference left unresolved only because an earlier gold call failed is the world's doing, and validate says so.
    const problems = replaySampleGold(sample, registry).problems;
    const callFailed = problems.some((p) => /failed with the tool error/.test(p.message));
    const broken = problems.find((p) => /cycle/.test(p.message) || (!callFailed && /reference/i.test(p.message)));
    if (broken) {
      throw new UserInputError(`${broken.message}; \`asynctool validate ${file}\` lists every problem`, { file, line: row.line, record: sample.id, path: broken.path });
    }
    samples.push(sample);
  }
  if (samples.length === 0) throw new UserInputError('the dataset has no samples.', { file });
  return samples;
}
