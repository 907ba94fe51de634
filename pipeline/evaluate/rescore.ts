import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.ts';
import { sha256 } from '../core/canonical.ts';
import { UserInputError } from '../core/errors.ts';
import { toJsonl } from '../core/jsonl.ts';
import { lockFolder } from '../core/lock.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import { scoreSample } from '../score/score-sample.ts';
import { summarize, type Summary } from '../score/summary.ts';
import { scorerHash, toolkitHashes, worldHash } from '../stages/fingerprint.ts';
import { loadRegistry } from '../world/registry.ts';
import { readDataset } from '../env/dataset.ts';
import { readRecords } from './records.ts';
import { readRunJson } from './run-folder.ts';

export interface RescoreOptions {
  /** Default: the dataset recorded in run.json. */
  dataset?: string;
  /** Default: the plugin folders recorded in run.json. */
  toolkitDirs?: string[];
  logger?: Logger;
}

export interface RescoreResult {
  summary: Summary;
  episodes: number;
  /** Episodes whose score differs from the saved one. */
  changed: number;
}

/**
 * Scores a run's saved traces again with today's scorer and rewrites traces.jsonl and
 * summary.json. Refused when the dataset or any toolkit differs from the run's, since the traces
 * were made in that world and a score under another would mean nothing.
 */
export async function rescoreRun(runDir: string, opts: RescoreOptions = {}): Promise<RescoreResult> {
  const outDir = resolve(runDir);
  const runFile = join(outDir, 'run.json');
  const run = readRunJson(runFile);
  if (!run) throw new UserInputError('no readable run.json here; give the folder of an evaluate run', { file: runFile });
  if (typeof run.toolkitsHash !== 'string') {
    throw new UserInputError('run.json records no toolkit hash (the run was made before rescore existed), so the toolkits cannot be checked; evaluate again instead', { file: runFile });
  }
  // Those runs played samples derived from the dataset (perturbed latencies, another turn cost, late failures); rebuilding them is not done yet.
  const derived = ['trials', 'turnCost', 'lifecycle'].filter((k) => k in run);
  if (derived.length > 0) throw new UserInputError(`rescore handles runs of one trial with the dataset's own samples; this run has ${derived.join(', ')}: evaluate again instead`, { file: runFile });
  const dataset = opts.dataset ?? (typeof run.dataset === 'string' ? run.dataset : undefined);
  if (!dataset) throw new UserInputError('run.json names no dataset; pass --dataset', { file: runFile });
  let datasetHash: string;
  try {
    datasetHash = sha256(readFileSync(dataset));
  } catch {
    throw new UserInputError("the run's dataset cannot be read; pass --dataset with the file the run used", { file: dataset });
  }
  if (datasetHash !== run.datasetHash) throw new UserInputError(`is not the dataset this run used (its hash differs); pass --dataset with the file the run used`, { file: dataset });
  const dirs = opts.toolkitDirs ?? (Array.isArray(run.toolkitDirs) ? (run.toolkitDirs as string[]) : []);
  const registry = await loadRegistry(dirs);
  if (worldHash(registry) !== run.toolkitsHash) {
    const saved = (run.toolkitHashes ?? {}) as Record<string, string>;
    const now = toolkitHashes(registry);
    const changed = [...new Set([...Object.keys(saved), ...Object.keys(now)])].filter((k) => saved[k] !== now[k]).sort();
    throw new UserInputError(
      `the toolkits changed since this run (${changed.join(', ') || 'the set of loaded toolkits'}); its traces were made in the old world, so rescoring them would mean nothing: evaluate again`,
      { file: outDir },
    );
  }
  const samples = await readDataset(dataset, registry);
  const byId = new Map(samples.map((s) => [s.id, s]));
  const lock = lockFolder(outDir, 'this run folder');
  try {
    const tracesFile = join(outDir, 'traces.jsonl');
    const rows = await readRecords(tracesFile, new Set(byId.keys()), 1, opts.logger ?? silentLogger);
    let changed = 0;
    const rescored = rows.map((rec) => {
      const score = scoreSample(byId.get(rec.sampleId)!, rec.trace, registry);
      if (JSON.stringify(score) !== JSON.stringify(rec.score)) changed++;
      return { ...rec, score };
    });
    const config = { ...run, scorerHash: scorerHash() };
    writeFileAtomic(tracesFile, toJsonl(rescored));
    writeFileAtomic(runFile, `${JSON.stringify(config, null, 2)}\n`);
    const summary = summarize(rescored, { ...config, out: outDir, episodes: rescored.length, samples: samples.length, rescored: true });
    const old = readRunJson(join(outDir, 'summary.json'));
    if (old && 'cost' in old) summary.cost = old.cost as Summary['cost'];
    writeFileAtomic(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return { summary, episodes: rescored.length, changed };
  } finally {
    lock.release();
  }
}
