import { FailureMode, type EpisodeRecord, type EpisodeScore } from '../schema/result.ts';
import { emptyMalformed, type Malformed } from '../schema/trace.ts';
import { proportionInterval, type Interval } from './interval.ts';
import { metricInterval } from './metric.ts';
import { METRIC_TABLE, type MetricKey } from './metric-table.ts';
import { passCurves } from './trials.ts';
import type { GroupMetrics, Summary } from '../schema/summary.ts';

// The types of summary.json come from its zod schema (schema/summary.ts), whose metric keys are the metrics table's.
export type { GroupMetrics, RunCost, Summary } from '../schema/summary.ts';

type Row = Pick<EpisodeRecord, 'groups' | 'score' | 'trace'>;

const UNKNOWN = { toolkits: ['unknown'], tasks: 0, pattern: 'unknown', regime: 'unknown' };

export function groupMetrics(rows: readonly Row[]): GroupMetrics {
  const scores = rows.map((r) => r.score);
  // With --trials every sample counts once: its value is the mean over its own trials, and the
  // interval is over samples (n = samples). Counting episodes would treat k latency draws of one
  // sample as k independent samples and make the interval about sqrt(k) times too narrow.
  const bySample = groupBySample(rows);
  const single = bySample.every((trials) => trials.length === 1);
  const share = (f: (s: EpisodeScore) => boolean) => sampleShare(scores, f);
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
  // One key per table line, so the table's key type and this object agree.
  const metrics = Object.fromEntries(METRIC_TABLE.map((m) => [m.key, metricInterval(m, bySample)])) as Record<MetricKey, Interval>;
  return {
    episodes: scores.length,
    samples: bySample.length,
    ...metrics,
    failureModes: Object.fromEntries(FailureMode.options.map((m) => [m, share((s) => s.failureModes.includes(m))])) as Record<FailureMode, Interval>,
    malformed,
    tokens,
    ...(single ? {} : { trials: passCurves(scores.map((s) => ({ sampleId: s.sampleId, solved: s.taskSuccess }))) }),
  };
}

/** The episodes of each sample (its trials), samples in first-seen order. */
function groupBySample<T extends { score: { sampleId: string } }>(rows: readonly T[]): T[][] {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.score.sampleId);
    if (list) list.push(r);
    else out.set(r.score.sampleId, [r]);
  }
  return [...out.values()];
}

/**
 * The share of samples for which `f` holds, with a Wilson interval over samples. With several trials
 * each sample contributes its share of trials; the Wilson interval on their mean with n = samples is
 * conservative (a share of trials varies no more than a yes/no) and, unlike a t interval, does not
 * shrink to zero width when every sample scores 100%.
 */
export function sampleShare<T extends { sampleId: string }>(scores: readonly T[], f: (s: T) => boolean): Interval {
  const bySample = trialsBySample(scores);
  return proportionInterval(
    bySample.reduce((sum, trials) => sum + trials.filter(f).length / trials.length, 0),
    bySample.length,
  );
}

/** The scores of each sample (its trials), samples in first-seen order. */
export function trialsBySample<T extends { sampleId: string }>(scores: readonly T[]): T[][] {
  const out = new Map<string, T[]>();
  for (const s of scores) {
    const list = out.get(s.sampleId);
    if (list) list.push(s);
    else out.set(s.sampleId, [s]);
  }
  return [...out.values()];
}

/**
 * A toolkit's own tasks solved: a Wilson interval over tasks (with trials, n = distinct tasks, not task plays).
 */
function toolkitTaskSuccess(group: readonly Row[], toolkit: string): Interval {
  const byTask = new Map<string, boolean[]>();
  for (const r of group)
    for (const t of r.score.tasks.filter((t) => t.toolkit === toolkit)) {
      const key = `${r.score.sampleId}\u0000${t.taskId}`;
      byTask.set(key, [...(byTask.get(key) ?? []), t.solved]);
    }
  const plays = [...byTask.values()];
  // As sampleShare: each task's share of solved trials, a Wilson interval over distinct tasks.
  return proportionInterval(
    plays.reduce((sum, p) => sum + p.filter(Boolean).length / p.length, 0),
    plays.length,
  );
}

function groupBy(rows: readonly Row[], keys: (r: Row) => string[]): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const r of rows) for (const k of keys(r)) (out[k] ??= []).push(r);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

const mapValues = (groups: Record<string, Row[]>): Record<string, GroupMetrics> => Object.fromEntries(Object.entries(groups).map(([k, rows]) => [k, groupMetrics(rows)]));

/**
 * The whole summary of a run, recomputed from its traces.jsonl lines (one per sample and trial).
 * With several trials every metric is first averaged over each sample's trials, then over samples,
 * with the interval over samples (`n` = samples); `trials` adds pass^k and pass@k.
 */
export function summarize(rows: readonly Row[], run: Record<string, unknown>): Summary {
  const byToolkit: Record<string, GroupMetrics> = {};
  for (const [tk, group] of Object.entries(groupBy(rows, (r) => (r.groups ?? UNKNOWN).toolkits))) {
    byToolkit[tk] = { ...groupMetrics(group), toolkitTaskSuccess: toolkitTaskSuccess(group, tk) };
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
  // The n of every interval: samples (with --trials, each sample's trials count once).
  ['n', (m) => String(m.samples)],
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
  return [
    tokens,
    `cost: ${usd(c.paidUsd)} paid, ${usd(c.savedByCacheUsd)} saved by the cache (${c.model} at ${usd(c.inputPerMillion)} in / ${usd(c.outputPerMillion)} out per million tokens, ${c.source})`,
  ];
}
