import { FailureMode, type EpisodeRecord, type EpisodeScore } from '../schema/result.ts';
import { emptyMalformed, type Malformed } from '../schema/trace.ts';
import { meanInterval, NON_NEGATIVE, proportionInterval, SHARE, type Interval } from './interval.ts';
import { passCurves, type PassAtK } from './trials.ts';

/** Every metric of a group of episodes; the keys are documented in docs/summary-keys.md. */
export interface GroupMetrics {
  episodes: number;
  taskSuccess: Interval;
  subtaskSuccess: Interval;
  stepF1: Interval;
  stepPrecision: Interval;
  stepRecall: Interval;
  toolAccuracy: Interval;
  argAccuracy: Interval;
  efficiency: Interval;
  efficiencySolved: Interval;
  speedup: Interval;
  makespan: Interval;
  idleRatio: Interval;
  meanInFlight: Interval;
  taskSwitches: Interval;
  wastedCalls: Interval;
  /** Fetches that returned nothing new (poll, notify, silent; 0 in push). */
  wastedPolls: Interval;
  /** Virtual seconds charged for thinking per episode (--turn-cost tokens; 0 otherwise). */
  thinkingTime: Interval;
  turns: Interval;
  failureModes: Record<FailureMode, Interval>;
  malformed: Malformed;
  /** Paid (prompt, completion, requests) and served from the cache (cached*). */
  tokens: { prompt: number; completion: number; requests: number; cachedResponses: number; cachedPrompt: number; cachedCompletion: number };
  /** byToolkit only: share of this toolkit's own tasks that were solved. */
  toolkitTaskSuccess?: Interval;
  /** Runs with --trials k > 1 only: pass^j and pass@j for j = 1..k, over samples. */
  trials?: PassAtK[];
}

export interface Summary {
  schemaVersion: 1;
  run: Record<string, unknown>;
  overall: GroupMetrics;
  byToolkit: Record<string, GroupMetrics>;
  byTasks: Record<string, GroupMetrics>;
  byPattern: Record<string, GroupMetrics>;
  byRegime: Record<string, GroupMetrics>;
  /** Model runs only: what the paid tokens cost, by the price table (null when the model has no known price). */
  cost?: RunCost | null;
}

export interface RunCost {
  model: string;
  /** USD per million tokens, and where the price came from (prices.yaml or a flag). */
  inputPerMillion: number;
  outputPerMillion: number;
  source: string;
  paidUsd: number;
  /** What the replies served from the cache would have cost. */
  savedByCacheUsd: number;
}

type Row = Pick<EpisodeRecord, 'groups' | 'score'> & { trace: Pick<EpisodeRecord['trace'], 'usage'> };

const UNKNOWN = { toolkits: ['unknown'], tasks: 0, pattern: 'unknown', regime: 'unknown' };

export function groupMetrics(rows: readonly Row[]): GroupMetrics {
  const scores = rows.map((r) => r.score);
  const mean = (f: (s: EpisodeScore) => number) => meanInterval(scores.map(f), NON_NEGATIVE);
  const meanShare = (f: (s: EpisodeScore) => number) => meanInterval(scores.map(f), SHARE);
  const share = (f: (s: EpisodeScore) => boolean) => proportionInterval(scores.filter(f).length, scores.length);
  const malformed = emptyMalformed();
  const tokens = { prompt: 0, completion: 0, requests: 0, cachedResponses: 0, cachedPrompt: 0, cachedCompletion: 0 };
  for (const r of rows) {
    // malformedReply is present only in episodes that had one.
    for (const k of Object.keys(r.score.malformed) as (keyof Malformed)[]) malformed[k] = (malformed[k] ?? 0) + (r.score.malformed[k] ?? 0);
    const u = r.trace.usage;
    if (u) {
      tokens.prompt += u.promptTokens;
      tokens.completion += u.completionTokens;
      tokens.requests += u.requests;
      tokens.cachedResponses += u.cachedResponses;
      tokens.cachedPrompt += u.cachedPromptTokens ?? 0;
      tokens.cachedCompletion += u.cachedCompletionTokens ?? 0;
    }
  }
  return {
    episodes: scores.length,
    taskSuccess: share((s) => s.taskSuccess),
    subtaskSuccess: meanShare((s) => s.subtaskSuccess),
    stepF1: meanShare((s) => s.step.f1),
    stepPrecision: meanShare((s) => s.step.precision),
    stepRecall: meanShare((s) => s.step.recall),
    toolAccuracy: meanShare((s) => s.step.toolAccuracy),
    argAccuracy: meanShare((s) => s.step.argAccuracy),
    efficiency: mean((s) => s.efficiency.efficiency),
    efficiencySolved: meanInterval(scores.filter((s) => s.taskSuccess).map((s) => s.efficiency.efficiency), NON_NEGATIVE),
    speedup: mean((s) => s.efficiency.speedup),
    makespan: mean((s) => s.efficiency.makespan),
    idleRatio: meanShare((s) => s.efficiency.idleRatio),
    meanInFlight: mean((s) => s.efficiency.meanInFlight),
    taskSwitches: mean((s) => s.efficiency.taskSwitches),
    wastedCalls: mean((s) => s.efficiency.wastedCalls),
    wastedPolls: mean((s) => s.efficiency.wastedPolls ?? 0),
    thinkingTime: mean((s) => s.efficiency.thinkingTime ?? 0),
    turns: mean((s) => s.efficiency.turns),
    failureModes: Object.fromEntries(FailureMode.options.map((m) => [m, share((s) => s.failureModes.includes(m))])) as Record<FailureMode, Interval>,
    malformed,
    tokens,
    ...(manyTrials(rows) ? { trials: passCurves(scores.map((s) => ({ sampleId: s.sampleId, solved: s.taskSuccess }))) } : {}),
  };
}

/** Some sample was played more than once (--trials). */
function manyTrials(rows: readonly Row[]): boolean {
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.score.sampleId)) return true;
    seen.add(r.score.sampleId);
  }
  return false;
}

function groupBy(rows: readonly Row[], keys: (r: Row) => string[]): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const r of rows) for (const k of keys(r)) (out[k] ??= []).push(r);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

const mapValues = (groups: Record<string, Row[]>): Record<string, GroupMetrics> =>
  Object.fromEntries(Object.entries(groups).map(([k, rows]) => [k, groupMetrics(rows)]));

/**
 * The whole summary of a run, recomputed from its traces.jsonl lines (one per sample and trial).
 * With several trials every metric is the mean over episodes, which is the mean over samples of
 * each sample's mean over its trials (every sample has as many); `trials` adds pass^k and pass@k.
 */
export function summarize(rows: readonly Row[], run: Record<string, unknown>): Summary {
  const byToolkit: Record<string, GroupMetrics> = {};
  for (const [tk, group] of Object.entries(groupBy(rows, (r) => (r.groups ?? UNKNOWN).toolkits))) {
    const own = group.flatMap((r) => r.score.tasks.filter((t) => t.toolkit === tk));
    byToolkit[tk] = { ...groupMetrics(group), toolkitTaskSuccess: proportionInterval(own.filter((t) => t.solved).length, own.length) };
  }
  return {
    schemaVersion: 1,
    run,
    overall: groupMetrics(rows),
    byToolkit,
    byTasks: mapValues(groupBy(rows, (r) => [String(r.groups?.tasks ?? r.score.tasks.length)])),
    byPattern: mapValues(groupBy(rows, (r) => [(r.groups ?? UNKNOWN).pattern])),
    byRegime: mapValues(groupBy(rows, (r) => [(r.groups ?? UNKNOWN).regime])),
  };
}

const COLUMNS: [string, (m: GroupMetrics) => string][] = [
  ['n', (m) => String(m.episodes)],
  ['task ok', (m) => `${pct(m.taskSuccess.mean)} [${pct(m.taskSuccess.low)}-${pct(m.taskSuccess.high)}]`],
  ['subtask', (m) => pct(m.subtaskSuccess.mean)],
  ['step F1', (m) => m.stepF1.mean.toFixed(3)],
  ['efficiency', (m) => m.efficiency.mean.toFixed(3)],
  ['speed-up', (m) => m.speedup.mean.toFixed(2)],
  ['idle', (m) => pct(m.idleRatio.mean)],
  ['in flight', (m) => m.meanInFlight.mean.toFixed(2)],
  ['turns', (m) => m.turns.mean.toFixed(1)],
];

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** The terminal table: overall, then one row per toolkit and per task count. */
export function formatSummaryTable(summary: Summary): string {
  const rows: [string, GroupMetrics][] = [
    ['overall', summary.overall],
    ...Object.entries(summary.byToolkit).map(([k, m]) => [`  ${k}`, m] as [string, GroupMetrics]),
    ...Object.entries(summary.byTasks).map(([k, m]) => [`  ${k} tasks`, m] as [string, GroupMetrics]),
  ];
  // A group without episodes has no values: a row of 0.0% would read as a measured failure.
  const cells = [['group', ...COLUMNS.map(([h]) => h)], ...rows.map(([name, m]) => [name, ...COLUMNS.map(([h, f]) => (m.episodes === 0 && h !== 'n' ? '–' : f(m)))])];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const modes = Object.entries(summary.overall.failureModes)
    .filter(([, v]) => v.mean > 0)
    .map(([k, v]) => `${k} ${pct(v.mean)}`)
    .join(', ');
  const curve = summary.overall.trials;
  const passes = curve ? [`pass^k: ${curve.map((p) => `k=${p.k} ${p.passHat.mean.toFixed(3)}`).join(', ')}`, `pass@k: ${curve.map((p) => `k=${p.k} ${p.passAt.mean.toFixed(3)}`).join(', ')}`] : [];
  return [line(cells[0]!), ...cells.slice(1).map(line), '', `failure modes: ${modes || 'none'}`, ...passes, ...costLines(summary)].join('\n');
}

const usd = (x: number) => `$${x.toFixed(x < 1 ? 4 : 2)}`;
const millions = (n: number) => `${(n / 1e6).toFixed(3)} M`;

/** Tokens paid and served from the cache, and their price when the model has one. */
function costLines(summary: Summary): string[] {
  if (summary.cost === undefined) return [];
  const t = summary.overall.tokens;
  const tokens = `tokens: ${millions(t.prompt)} prompt + ${millions(t.completion)} completion paid over ${t.requests} request(s); ${millions(t.cachedPrompt)} + ${millions(t.cachedCompletion)} served from the cache (${t.cachedResponses} reply(ies))`;
  const c = summary.cost;
  if (c === null) return [tokens, 'cost: no price known for this model; pass --price-input and --price-output (USD per million tokens) to see it'];
  return [tokens, `cost: ${usd(c.paidUsd)} paid, ${usd(c.savedByCacheUsd)} saved by the cache (${c.model} at ${usd(c.inputPerMillion)} in / ${usd(c.outputPerMillion)} out per million tokens, ${c.source})`];
}
