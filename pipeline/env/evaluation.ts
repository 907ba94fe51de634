import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { removeStaleTmpFiles, writeFileAtomic } from '../core/atomic.ts';
import { sha256 } from '../core/canonical.ts';
import { EndpointError, UserInputError } from '../core/errors.ts';
import { JsonlAppender, readJsonl } from '../core/jsonl.ts';
import { lockFolder, pidAlive } from '../core/lock.ts';
import { EpisodeRecord as EpisodeRecordSchema } from '../schema/result.ts';
import { CircuitOpen } from '../llm/client.ts';
import type { PriceOverride } from '../llm/prices.ts';
import { scorerHash, toolkitHashes, worldHash } from '../stages/fingerprint.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import type { EpisodeRecord } from '../schema/result.ts';
import type { Sample } from '../schema/sample.ts';
import type { Delivery, Mode } from '../schema/trace.ts';
import { loadRegistry, type Registry } from '../world/registry.ts';
import type { Agent } from '../agents/agent.ts';
import type { AgentFlags, AgentKind } from '../agents/entry.ts';
import { resolveAgent } from '../agents/registry.ts';
import { isRetryableStatus } from '../llm/failures.ts';
import { scoreSample } from '../score/score-sample.ts';
import { summarize, type Summary } from '../score/summary.ts';
import { readDataset } from './dataset.ts';
import { runEpisode } from './engine.ts';
import { trialSample, withTurnCost } from './trials.ts';
import { effectiveSample, underTtl, type Conditions } from './conditions.ts';
import type { TurnCost } from './turn-cost.ts';
import { createProgress, type Progress } from './progress.ts';

export interface EvaluateOptions {
  dataset: string;
  agent: string;
  /** The agent flags as given; each agent reads the ones it uses (agents/table.ts). */
  agentFlags?: AgentFlags;
  mode?: Mode;
  /** How finished results reach the agent (default push). */
  delivery?: Delivery;
  /** Runs per sample (default 1): trial t > 1 plays seeded perturbed latencies (env/trials.ts). */
  trials?: number;
  /** --turn-cost: a fixed cost per turn other than the sample's, or thinking time charged per completion token. */
  turnCost?: TurnCost;
  /** Lifecycle events (--late-failure P, --timeout P, --ttl S, --lifecycle-seed S): a seeded share of gold calls fails late or times out once; unfetched results expire. */
  conditions?: Conditions;
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
  /** USD per million tokens, over pipeline/llm/prices.yaml (model runs only). */
  price?: PriceOverride;
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
  const delivery = opts.delivery ?? 'push';
  const trials = opts.trials ?? 1;
  const { kind, param } = resolveAgent(opts.agent);
  // For a model, --concurrency is the number of requests in flight: each episode has at most one.
  const concurrency = opts.concurrency ?? kind.defaultConcurrency;
  // Before anything is read or created: a bad setting (an endpoint) is one error, not a half-made run folder.
  const prepared = kind.prepare({ flags: opts.agentFlags ?? {}, seed: opts.seed, concurrency });
  const registry = await loadRegistry(opts.toolkitDirs ?? []);
  let samples = await readDataset(opts.dataset, registry);
  if (opts.limit !== undefined) samples = samples.slice(0, opts.limit);
  const agent = prepared.create(param);

  const datasetHash = sha256(readFileSync(opts.dataset));
  const config: Record<string, unknown> = {
    agent: agent.id,
    mode,
    // Only when not the default, so that run folders made before these options resume unchanged.
    ...(delivery === 'push' ? {} : { delivery }),
    ...(trials === 1 ? {} : { trials }),
    ...(opts.turnCost === undefined ? {} : { turnCost: opts.turnCost }),
    ...(opts.conditions === undefined || (opts.conditions.lateFailure === 0 && !opts.conditions.timeout && opts.conditions.ttl === undefined) ? {} : { lifecycle: opts.conditions }),
    dataset: resolve(opts.dataset),
    datasetHash,
    seed: opts.seed ?? null,
    turnBudget: opts.turnBudget ?? null,
    timeBudget: opts.timeBudget ?? null,
    ...prepared.settingsForResume,
    toolkitDirs: (opts.toolkitDirs ?? []).map((d) => resolve(d)),
    // The world the traces were made in; a resume in another would mix runs, and rescore refuses it.
    toolkitsHash: worldHash(registry),
    toolkitHashes: toolkitHashes(registry),
    // Recorded, not checked on resume: scores are saved per line, and `rescore` redoes them under a new scorer.
    scorerHash: scorerHash(),
  };
  const outDir = chooseOutDir(opts, agent.id, delivery === 'push' ? mode : `${mode}-${delivery}`, datasetHash);
  // One writer per run folder: a second evaluate on the same --out would interleave its lines with ours.
  const lock = lockFolder(outDir, 'this run folder');
  try {
    return await runLocked(opts, { samples, agent, kind, param, registry, mode, config, outDir, concurrency, logger });
  } finally {
    lock.release();
  }
}

interface RunPlan {
  samples: Sample[];
  agent: Agent;
  /** The agent's table line and the parameter of its id (a model's name). */
  kind: AgentKind;
  param: string;
  registry: Registry;
  mode: Mode;
  config: Record<string, unknown>;
  outDir: string;
  concurrency: number;
  logger: Logger;
}

async function runLocked(opts: EvaluateOptions, plan: RunPlan): Promise<EvaluateResult> {
  const { samples, agent, registry, mode, config, outDir, logger } = plan;
  const trials = opts.trials ?? 1;
  const removed = removeStaleTmpFiles(outDir, pidAlive);
  if (removed > 0) logger.info(`removed ${removed} temporary file(s) left in ${outDir} by a process that was killed`);
  checkRunConfig(outDir, config);

  const tracesFile = join(outDir, 'traces.jsonl');
  const done = await finishedIds(tracesFile, logger);
  const todo = samples.flatMap((sample) => Array.from({ length: trials }, (_, i) => ({ sample, trial: i + 1 }))).filter((e) => !done.has(episodeKey(e.sample.id, e.trial)));
  if (done.size > 0) logger.info(`resuming ${outDir}: ${done.size} episode(s) already done, ${todo.length} to run`);

  opts.onStart?.(outDir);
  const appender = new JsonlAppender(tracesFile);
  const progress = (opts.progress ?? ((n) => createProgress(n)))(todo.length);
  const failed: EvaluateResult['failed'] = [];
  let stoppedBy: EndpointError | undefined;
  // An unexpected error stops the run, but only after every episode in flight has settled, so
  // none is still appending when traces.jsonl is closed.
  let unexpected: { err: unknown } | undefined;
  const limit = pLimit(plan.concurrency);
  try {
    await Promise.allSettled(
      todo.map(({ sample, trial }) =>
        limit(async () => {
          if (stoppedBy || unexpected) return;
          try {
            appender.append(await episodeRecord(sample, trial, opts, mode, agent, registry));
          } catch (err) {
            if (!(err instanceof EndpointError)) {
              unexpected ??= { err };
              return;
            }
            // Episodes that were in flight when the run stopped failed for the same reason: said once.
            if (stoppedBy) return;
            if (err instanceof CircuitOpen || refusesEveryRequest(err, failed)) {
              stoppedBy = err;
              return;
            }
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
  if (unexpected) throw unexpected.err;
  if (stoppedBy) {
    const saved = (await finishedIds(tracesFile, silentLogger)).size;
    const why = stoppedBy instanceof CircuitOpen ? 'The run stopped' : 'The run stopped, as every request would be refused the same way';
    throw new EndpointError(
      `${stoppedBy.message.replace(/\.$/, '')}. ${why}; ${saved} finished episode(s) are saved in ${outDir}, and the same command resumes the run once this is fixed.`,
      stoppedBy.status,
      { cause: stoppedBy },
    );
  }

  const rows = await readRecords(tracesFile, new Set(samples.map((s) => s.id)), trials, silentLogger);
  const summary = summarize(rows, { ...config, out: outDir, episodes: rows.length, samples: samples.length, failed: failed.length });
  if (plan.kind.cost) summary.cost = plan.kind.cost(plan.param, summary.overall.tokens, opts.price);
  writeFileAtomic(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  return { outDir, summary, ran: todo.length - failed.length, skipped: done.size, failed };
}

async function episodeRecord(original: Sample, trial: number, opts: EvaluateOptions, mode: Mode, agent: Agent, registry: Registry): Promise<EpisodeRecord> {
  const played = trialSample(effectiveSample(withTurnCost(original, registry, opts.turnCost), registry, opts.conditions), registry, trial, opts.seed ?? 0);
  const sample = underTtl(played, registry, opts.conditions?.ttl);
  const tokensPerSecond = opts.turnCost?.kind === 'tokens' ? opts.turnCost.tokensPerSecond : undefined;
  const trace = await runEpisode(sample, agent, registry, {
    mode,
    seed: opts.seed,
    turnBudget: opts.turnBudget,
    timeBudget: opts.timeBudget,
    delivery: opts.delivery,
    trial,
    tokensPerSecond,
    ttl: opts.conditions?.ttl,
    lifecycle: { lateFailures: (opts.conditions?.lateFailure ?? 0) > 0, timeouts: (opts.conditions?.timeout ?? 0) > 0 },
  });
  const score = scoreSample(sample, trace, registry);
  const groups = { toolkits: sample.meta.toolkits, tasks: sample.tasks.length, pattern: sample.meta.pattern, regime: sample.meta.regime };
  return (opts.trials ?? 1) > 1 ? { sampleId: sample.id, trial, groups, trace, score } : { sampleId: sample.id, groups, trace, score };
}

/** Resume is per (sample, trial); a record without a trial is trial 1. */
function episodeKey(sampleId: string, trial = 1): string {
  return `${sampleId}\u0000${trial}`;
}

/**
 * A refusal retrying cannot fix stops the whole run when it cannot be about one sample: a wrong key,
 * permission, model or path (401, 403, 404), or the same refusal already given for another sample.
 * Refusals of one conversation (a 400 for a context that is too long) only lose that episode.
 */
function refusesEveryRequest(err: EndpointError, earlier: readonly { error: string }[]): boolean {
  if (err.status === undefined || isRetryableStatus(err.status)) return false;
  return [401, 403, 404].includes(err.status) || earlier.some((f) => f.error === err.message);
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-');
}

function chooseOutDir(opts: EvaluateOptions, agentId: string, mode: string, datasetHash: string): string {
  if (opts.out) return resolve(opts.out);
  const prefix = `${slug(agentId)}-${mode}-`;
  if (opts.resume && existsSync(RUNS_DIR)) {
    const latest = readdirSync(RUNS_DIR)
      .filter((d) => d.startsWith(prefix) && existsSync(join(RUNS_DIR, d, 'run.json')))
      // A damaged run.json in another folder only means that folder is not the one to resume.
      .filter((d) => (readRunJson(join(RUNS_DIR, d, 'run.json')) as { datasetHash?: unknown } | undefined)?.datasetHash === datasetHash)
      .sort((a, b) => statSync(join(RUNS_DIR, b)).mtimeMs - statSync(join(RUNS_DIR, a)).mtimeMs)[0];
    if (latest) return resolve(RUNS_DIR, latest);
  }
  const stamp = (opts.startedAt ?? new Date()).toISOString().replace(/[:.]/g, '-');
  return resolve(RUNS_DIR, `${prefix}${stamp}`);
}

/** Recorded in run.json but free to differ on resume: paths can move, and a new scorer is rescore's business. */
const UNCHECKED_KEYS = new Set(['dataset', 'toolkitDirs', 'toolkitHashes', 'scorerHash']);

/** A folder belongs to one agent, mode, dataset and model setting; resuming it with other settings would mix runs. */
function checkRunConfig(outDir: string, config: Record<string, unknown>): void {
  const file = join(outDir, 'run.json');
  if (existsSync(file)) {
    const saved = readRunJson(file);
    if (saved === undefined) {
      throw new UserInputError('run.json is not a JSON object (the file is damaged); delete this run folder or give another --out to start a new run', { file });
    }
    const keys = [...new Set([...Object.keys(config), ...Object.keys(saved)])].filter((k) => !UNCHECKED_KEYS.has(k));
    const shown = (v: unknown) => (v === undefined ? 'not recorded' : JSON.stringify(v));
    const diff = keys.filter((k) => JSON.stringify(saved[k] ?? null) !== JSON.stringify(config[k] ?? null));
    if (diff.length > 0) {
      throw new UserInputError(
        `this run folder was started with other settings (${diff.map((k) => `${k}: ${shown(saved[k])} now ${shown(config[k])}`).join('; ')}); use another --out to start a new run.`,
        { file },
      );
    }
    return;
  }
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n');
}

/** A run folder's settings, or undefined when the file is unreadable, not JSON, or not an object. */
export function readRunJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function finishedIds(file: string, logger: Logger): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const rec of validRecords(file, logger)) ids.add(episodeKey(rec.sampleId, rec.trial));
  return ids;
}

/**
 * The records of a traces file that can be used: a line that is not JSON, is null, or does not
 * match the record schema is skipped with a warning naming file and line (its episode runs again),
 * so one damaged line never makes every later resume crash.
 */
export async function* validRecords(file: string, logger: Logger): AsyncGenerator<EpisodeRecord> {
  if (!existsSync(file)) return;
  for await (const row of readJsonl(file)) {
    if (!row.ok) {
      logger.warn(`${file}:${row.line}: ${row.error}; skipped, that episode will run again`);
      continue;
    }
    const parsed = EpisodeRecordSchema.safeParse(row.value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      logger.warn(`${file}:${row.line}: not an episode record (${issue.path.join('.') || '(root)'}: ${issue.message}); skipped, that episode will run again`);
      continue;
    }
    yield row.value as EpisodeRecord;
  }
}

/** One record per sample of the dataset and trial up to `trials` (the first line wins), in file order. */
export async function readRecords(file: string, wanted: Set<string>, trials: number, logger: Logger): Promise<EpisodeRecord[]> {
  const seen = new Set<string>();
  const rows: EpisodeRecord[] = [];
  for await (const rec of validRecords(file, logger)) {
    const key = episodeKey(rec.sampleId, rec.trial);
    if (!wanted.has(rec.sampleId) || (rec.trial ?? 1) > trials || seen.has(key)) continue;
    seen.add(key);
    rows.push(rec);
  }
  return rows;
}
