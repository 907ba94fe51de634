import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { removeStaleTmpFiles, writeFileAtomic } from '../core/atomic.ts';
import { sha256 } from '../core/canonical.ts';
import { EndpointError } from '../core/errors.ts';
import { JsonlAppender } from '../core/jsonl.ts';
import { lockFolder, pidAlive } from '../core/lock.ts';
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
import { readDataset } from '../env/dataset.ts';
import { runEpisode } from '../env/engine.ts';
import { trialSample, withTurnCost } from '../env/trials.ts';
import { effectiveSample, underTtl, type Conditions } from '../env/conditions.ts';
import type { TurnCost } from '../env/turn-cost.ts';
import { episodeKey, finishedIds, readRecords } from './records.ts';
import { checkRunConfig, chooseOutDir } from './run-folder.ts';
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

/**
 * A refusal retrying cannot fix stops the whole run when it cannot be about one sample: a wrong key,
 * permission, model or path (401, 403, 404), or the same refusal already given for another sample.
 * Refusals of one conversation (a 400 for a context that is too long) only lose that episode.
 */
function refusesEveryRequest(err: EndpointError, earlier: readonly { error: string }[]): boolean {
  if (err.status === undefined || isRetryableStatus(err.status)) return false;
  return [401, 403, 404].includes(err.status) || earlier.some((f) => f.error === err.message);
}
