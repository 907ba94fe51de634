import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.ts';
import { sha256 } from '../core/canonical.ts';
import { stderrLogger, type Logger } from '../core/log.ts';
import type { Sample } from '../schema/sample.ts';
import { loadRegistry, type Registry } from '../world/registry.ts';
import { buildReportData, type AblationBy, type ReportEpisode, type ReportRun } from './aggregate.ts';
import { renderHtml } from './html.ts';
import { distinctLabels, loadRun, loadSamples, stringField, type LoadedRun } from './load.ts';
import { episodeMarks, traceOnlyMarks } from './marks.ts';

export interface ReportOptions {
  runDirs: string[];
  out: string;
  /** The dataset the runs were made on; default: the one each run's summary.json names. */
  dataset?: string;
  toolkitDirs?: string[];
  title?: string;
  /** Also compare an agent's modes per latency regime or number of tasks. */
  ablationBy?: AblationBy;
  logger?: Logger;
}

export interface ReportResult {
  file: string;
  bytes: number;
  runs: number;
  episodes: number;
}

/** Reads run folders, adds what the dataset and scorer know, and writes one self-contained HTML file. */
export async function writeReport(options: ReportOptions): Promise<ReportResult> {
  const logger = options.logger ?? stderrLogger;
  const loaded = distinctLabels(await Promise.all(options.runDirs.map((dir) => loadRun(dir, logger))));
  const datasets = new Map<string, { samples: Map<string, Sample>; hash: string }>();
  let registry: Registry | undefined;
  const runs: ReportRun[] = [];
  for (const run of loaded) {
    const datasetFile = options.dataset ?? runSetting(run, 'dataset');
    let samples: Map<string, Sample> | undefined;
    if (datasetFile) {
      const key = resolve(datasetFile);
      const dataset = datasets.get(key) ?? { samples: await loadSamples(datasetFile), hash: sha256(readFileSync(datasetFile)) };
      datasets.set(key, dataset);
      const ranOn = runSetting(run, 'datasetHash');
      if (ranOn !== undefined && ranOn !== dataset.hash) {
        // Marks drawn from other samples under the same ids would show violations and idle time that never happened.
        logger.warn(
          `${run.dir} was run on another dataset than ${datasetFile} (sha256 ${ranOn.slice(0, 12)} in summary.json, ${dataset.hash.slice(0, 12)} now); idle windows and violations are left out of its timelines. Pass the dataset the run used with --dataset.`,
        );
      } else {
        samples = dataset.samples;
        registry ??= await loadRegistry(options.toolkitDirs ?? []);
      }
    } else {
      logger.warn(`${run.dir}: no dataset named in summary.json; idle windows and violation marks are left out of the timelines (pass --dataset)`);
    }
    runs.push({
      label: run.label,
      agent: run.agent,
      mode: run.mode,
      dir: run.dir,
      settings: run.settings,
      cost: costOf(run.summary),
      episodes: run.records.map((record) => reportEpisode(record, samples, registry)),
    });
    const missing = samples ? run.records.filter((r) => !samples.has(r.sampleId)).length : 0;
    if (missing > 0) logger.warn(`${run.dir}: ${missing} episode(s) have no sample in ${datasetFile}; they are drawn from the trace alone`);
  }
  const html = renderHtml(buildReportData(runs, options.title ?? 'AsyncTool report', options.ablationBy));
  writeFileAtomic(options.out, html);
  return { file: options.out, bytes: Buffer.byteLength(html), runs: runs.length, episodes: runs.reduce((n, r) => n + r.episodes.length, 0) };
}

function reportEpisode(record: ReportEpisode['record'], samples: Map<string, Sample> | undefined, registry: Registry | undefined): ReportEpisode {
  const sample = samples?.get(record.sampleId);
  if (!sample || !registry)
    return {
      record,
      marks: traceOnlyMarks(
        record.trace,
        record.score.tasks.map((t) => t.taskId),
      ),
    };
  return { record, marks: episodeMarks(sample, record.trace, registry) };
}

function runSetting(run: LoadedRun, key: 'dataset' | 'datasetHash'): string | undefined {
  return stringField(run.summary?.['run'], key);
}

/** summary.json's cost block when it has the documented shape (the file is read unchecked). */
function costOf(summary: Record<string, unknown> | null): ReportRun['cost'] {
  const cost = summary?.['cost'];
  if (cost === null) return null;
  if (cost && typeof cost === 'object' && typeof (cost as { paidUsd?: unknown }).paidUsd === 'number' && typeof (cost as { savedByCacheUsd?: unknown }).savedByCacheUsd === 'number') {
    const c = cost as { paidUsd: number; savedByCacheUsd: number };
    return { paidUsd: c.paidUsd, savedByCacheUsd: c.savedByCacheUsd };
  }
  return undefined;
}
