import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../../pipeline/core/canonical.ts';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { readJsonl } from '../../pipeline/core/jsonl.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { loadPrompt, renderPrompt } from '../../pipeline/llm/prompts.ts';
import { loadRun, loadSamples } from '../../pipeline/report/load.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { pickForReaders } from './pick.ts';
import { renderSample } from './render.ts';
import { formatReport, reportRead, Verdict } from './report.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface PrepareOptions {
  dataset: string;
  run: string;
  seed: number;
  samples: number;
  readers: number;
  out: string;
  toolkits: string[];
}

/** Writes one folder per reader; returns a line per folder for the terminal. */
export async function prepareRead(o: PrepareOptions): Promise<string[]> {
  const card = join(dirname(o.dataset), 'DATASET_CARD.md');
  if (!existsSync(card)) throw new UserInputError('no DATASET_CARD.md beside the dataset; readers judge the data against what the card claims', { file: card });
  for (const [name, n] of [
    ['--samples', o.samples],
    ['--readers', o.readers],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new UserInputError(`${name} must be a whole number of at least 1, not ${n}`);
  }
  if (!Number.isInteger(o.seed)) throw new UserInputError(`--seed must be a whole number, not ${o.seed}`);
  // Sample ids (k2-chain-0001) recur across builds, so a run of another build would show readers
  // the call results of other samples under these ids.
  const runJson = join(o.run, 'run.json');
  const datasetHash = existsSync(runJson) ? (JSON.parse(readFileSync(runJson, 'utf8')) as { datasetHash?: unknown }).datasetHash : undefined;
  if (datasetHash !== sha256(readFileSync(o.dataset))) {
    throw new UserInputError('the reference run was not made on this dataset (run.json datasetHash differs); run asynctool evaluate --agent oracle on it first', { file: runJson });
  }
  const samples = await loadSamples(o.dataset);
  const run = await loadRun(o.run, silentLogger);
  const traces = new Map(run.records.map((r) => [r.sampleId, r.trace]));
  const registry = await loadRegistry(o.toolkits);
  const brief = loadPrompt('blind-read-reader');
  const lines: string[] = [];
  const parts = pickForReaders([...samples.keys()].sort(), o.seed, o.samples, o.readers);
  parts.forEach((ids, r) => {
    const dir = join(o.out, `reader-${r + 1}`);
    mkdirSync(join(dir, 'toolkits'), { recursive: true });
    const rendered = ids.map((id, i) => renderSample(i, samples.get(id)!, traces.get(id)));
    writeFileSync(join(dir, 'render.txt'), rendered.join('\n'));
    writeFileSync(join(dir, 'ids.json'), `${JSON.stringify(ids)}\n`);
    copyFileSync(card, join(dir, 'DATASET_CARD.md'));
    writeFileSync(join(dir, 'BRIEF.md'), renderPrompt(brief, { folder: dir }));
    copyFileSync(join(here, 'record.mjs'), join(dir, 'record.mjs'));
    const used = new Set(ids.flatMap((id) => samples.get(id)!.tasks.map((t) => t.toolkit)));
    for (const name of used) {
      const tk = registry.toolkits.get(name);
      if (tk === undefined) throw new UserInputError(`the dataset uses toolkit ${name}, which is not loaded; pass its folder with --toolkits`, { file: o.dataset });
      copyFileSync(join(tk.dir, 'toolkit.yaml'), join(dir, 'toolkits', `${name}.yaml`));
    }
    lines.push(`${dir}: ${ids.length} samples, ${ids.reduce((n, id) => n + samples.get(id)!.tasks.length, 0)} tasks`);
  });
  return lines;
}

/** The table by origin over the verdicts recorded in the given reader folders. */
export async function reportFolders(dataset: string, dirs: readonly string[]): Promise<string> {
  const samples = await loadSamples(dataset);
  const drawn: string[] = [];
  const verdicts: Verdict[] = [];
  for (const dir of dirs) {
    const idsFile = join(dir, 'ids.json');
    if (!existsSync(idsFile)) throw new UserInputError('not a reader folder (ids.json is missing); make one with blind-read prepare', { file: dir });
    drawn.push(...(JSON.parse(readFileSync(idsFile, 'utf8')) as string[]));
    const file = join(dir, 'verdicts.jsonl');
    if (!existsSync(file)) continue;
    for await (const row of readJsonl(file)) {
      if (!row.ok) throw new UserInputError(row.error, { file, line: row.line });
      const parsed = Verdict.safeParse(row.value);
      if (!parsed.success)
        throw new UserInputError(`not a verdict line: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { file, line: row.line, path: `$.${parsed.error.issues[0]?.path.join('.') ?? ''}` });
      verdicts.push(parsed.data);
    }
  }
  return formatReport(reportRead(samples, drawn, verdicts));
}
