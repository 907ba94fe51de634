import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { writeFileAtomic } from '../core/atomic.ts';
import { sha256 } from '../core/canonical.ts';
import { EndpointError, UserInputError } from '../core/errors.ts';
import { JsonlAppender, readJsonl } from '../core/jsonl.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import type { EpisodeRecord } from '../schema/result.ts';
import type { Sample } from '../schema/sample.ts';
import type { Mode } from '../schema/trace.ts';
import { loadRegistry, type Registry } from '../world/registry.ts';
import type { Agent } from '../agents/agent.ts';
import { createAgent, type AgentOptions } from '../agents/registry.ts';
import { scoreSample } from '../score/score-sample.ts';
import { summarize, type Summary } from '../score/summary.ts';
import { readDataset } from './dataset.ts';
import { runEpisode } from './engine.ts';
import { createProgress, type Progress } from './progress.ts';

export interface EvaluateOptions {
  dataset: string;
  agent: string;
  agentOptions?: AgentOptions;
  mode?: Mode;
  /** Default output/runs/<agent>-<mode>-<timestamp>/ (with `resume`, the latest such folder). */
  out?: string;
  resume?: boolean;
  concurrency?: number;
  limit?: number;
  seed?: number;
  turnBudget?: number;
  timeBudget?: number;
  toolkitDirs?: string[];
  logger?: Logger;
  progress?: (total: number) => Progress;
  /** Used to name a new run folder; the edge passes the wall clock. */
  startedAt?: Date;
  /** Called once the run folder is known, before the first episode. */
  onStart?: (outDir: string) => void;
}

export interface EvaluateResult {
  outDir: string;
  summary: Summary;
  ran: number;
  skipped: number;
  /** Episodes stopped by an endpoint error: not recorded, retried on resume. */
  failed: { sampleId: string; error: string }[];
}

const RUNS_DIR = 'output/runs';

/**
 * Runs every sample of a dataset with one agent, appending one line (trace + score) per finished
 * episode to traces.jsonl, and recomputes summary.json from all lines at the end. Rerunning
 * on an existing folder skips finished samples, so an interrupted run resumes where it stopped.
 */
export async function runEvaluation(opts: EvaluateOptions): Promise<EvaluateResult> {
  const logger = opts.logger ?? silentLogger;
  const mode = opts.mode ?? 'async';
  const registry = await loadRegistry(opts.toolkitDirs ?? []);
  let samples = await readDataset(opts.dataset, registry);
  if (opts.limit !== undefined) samples = samples.slice(0, opts.limit);
  const agent = createAgent(opts.agent, { ...opts.agentOptions, seed: opts.seed });

  const config = {
    agent: agent.id,
    mode,
    dataset: resolve(opts.dataset),
    datasetHash: sha256(readFileSync(opts.dataset)),
    seed: opts.seed ?? null,
    turnBudget: opts.turnBudget ?? null,
    timeBudget: opts.timeBudget ?? null,
  };
  const outDir = chooseOutDir(opts, agent.id, mode, config.datasetHash);
  checkRunConfig(outDir, config);

  const tracesFile = join(outDir, 'traces.jsonl');
  const done = await finishedIds(tracesFile, logger);
  const todo = samples.filter((s) => !done.has(s.id));
  if (done.size > 0) logger.info(`resuming ${outDir}: ${done.size} episode(s) already done, ${todo.length} to run`);

  opts.onStart?.(outDir);
  const appender = new JsonlAppender(tracesFile);
  const progress = (opts.progress ?? ((n) => createProgress(n)))(todo.length);
  const failed: EvaluateResult['failed'] = [];
  const limit = pLimit(opts.concurrency ?? (agent.id.startsWith('openai:') ? 8 : 64));
  try {
    await Promise.all(
      todo.map((sample) =>
        limit(async () => {
          try {
            appender.append(await episodeRecord(sample, opts, mode, agent, registry));
          } catch (err) {
            if (!(err instanceof EndpointError)) throw err;
            failed.push({ sampleId: sample.id, error: err.message });
            logger.warn(`sample ${sample.id}: ${err.message} (not recorded; rerun to retry it)`);
          }
          progress.tick();
        }),
      ),
    );
  } finally {
    appender.close();
    progress.done();
  }

  const rows = await readRecords(tracesFile, new Set(samples.map((s) => s.id)));
  const summary = summarize(rows, { ...config, out: outDir, episodes: rows.length, samples: samples.length, failed: failed.length });
  writeFileAtomic(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return { outDir, summary, ran: todo.length - failed.length, skipped: done.size, failed };
}

async function episodeRecord(sample: Sample, opts: EvaluateOptions, mode: Mode, agent: Agent, registry: Registry): Promise<EpisodeRecord> {
  const trace = await runEpisode(sample, agent, registry, { mode, seed: opts.seed, turnBudget: opts.turnBudget, timeBudget: opts.timeBudget });
  const score = scoreSample(sample, trace, registry);
  const groups = { toolkits: sample.meta.toolkits, tasks: sample.tasks.length, pattern: sample.meta.pattern, regime: sample.meta.regime };
  return { sampleId: sample.id, groups, trace, score };
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-');
}

function chooseOutDir(opts: EvaluateOptions, agentId: string, mode: Mode, datasetHash: string): string {
  if (opts.out) return resolve(opts.out);
  const prefix = `${slug(agentId)}-${mode}-`;
  if (opts.resume && existsSync(RUNS_DIR)) {
    const latest = readdirSync(RUNS_DIR)
      .filter((d) => d.startsWith(prefix) && existsSync(join(RUNS_DIR, d, 'run.json')))
      .filter((d) => (JSON.parse(readFileSync(join(RUNS_DIR, d, 'run.json'), 'utf8')) as { datasetHash?: string }).datasetHash === datasetHash)
      .sort((a, b) => statSync(join(RUNS_DIR, b)).mtimeMs - statSync(join(RUNS_DIR, a)).mtimeMs)[0];
    if (latest) return resolve(RUNS_DIR, latest);
  }
  const stamp = (opts.startedAt ?? new Date()).toISOString().replace(/[:.]/g, '-');
  return resolve(RUNS_DIR, `${prefix}${stamp}`);
}

/** A folder belongs to one agent, mode and dataset; resuming it with other settings would mix runs. */
function checkRunConfig(outDir: string, config: Record<string, unknown>): void {
  const file = join(outDir, 'run.json');
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const diff = Object.keys(config).filter((k) => k !== 'dataset' && JSON.stringify(saved[k] ?? null) !== JSON.stringify(config[k]));
    if (diff.length > 0) {
      throw new UserInputError(
        `this run folder was started with other settings (${diff.map((k) => `${k}: ${JSON.stringify(saved[k])} now ${JSON.stringify(config[k])}`).join('; ')}); use another --out to start a new run.`,
        { file },
      );
    }
    return;
  }
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n');
}

async function finishedIds(file: string, logger: Logger): Promise<Set<string>> {
  const ids = new Set<string>();
  if (!existsSync(file)) return ids;
  for await (const row of readJsonl(file)) {
    if (!row.ok) {
      logger.warn(`${file}:${row.line}: ${row.error}; that episode will run again`);
      continue;
    }
    const id = (row.value as { sampleId?: unknown }).sampleId;
    if (typeof id === 'string') ids.add(id);
  }
  return ids;
}

/** One record per sample of the dataset (the first line wins), in file order. */
async function readRecords(file: string, wanted: Set<string>): Promise<EpisodeRecord[]> {
  const seen = new Set<string>();
  const rows: EpisodeRecord[] = [];
  if (!existsSync(file)) return rows;
  for await (const row of readJsonl(file)) {
    if (!row.ok) continue;
    const rec = row.value as EpisodeRecord;
    if (!wanted.has(rec.sampleId) || seen.has(rec.sampleId)) continue;
    seen.add(rec.sampleId);
    rows.push(rec);
  }
  return rows;
}
