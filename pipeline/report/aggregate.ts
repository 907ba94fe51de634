import type { EpisodeRecord } from '../schema/result.ts';
import { FailureMode } from '../schema/result.ts';
import { groupMetrics, summarize, type GroupMetrics, type Summary } from '../score/summary.ts';
import type { Ablation, Breakdown, FailureTable, Interval, ReportData, RunInfo, RunSettings } from './model.ts';
import { REPORT_DATA_VERSION } from './model.ts';
import { METRICS, metricDefs, metricIndex, pick, toCell } from './metrics.ts';
import type { MetricKey } from '../score/metric-table.ts';
import { packEpisode, type EpisodeMarks } from './pack.ts';
import { deliveryComparisons, intersect, lifecycleTable } from './protocol.ts';

/** One episode of a run with the scorer's marks for drawing its timeline. */
export interface ReportEpisode {
  record: EpisodeRecord;
  marks: EpisodeMarks;
}

export interface ReportRun {
  label: string;
  agent: string;
  mode: string;
  dir: string;
  /** Absent: push, no lifecycle events, one trial. */
  settings?: RunSettings;
  /** The run's `cost` block of summary.json (model runs only: null when the model has no known price). */
  cost?: { paidUsd: number; savedByCacheUsd: number } | null;
  episodes: ReportEpisode[];
}

const DEFAULT_SETTINGS: RunSettings = { delivery: 'push', lifecycle: 'none', trials: 1 };

/** Baseline first: the latency ablation compares instant, sync and async; the protocol ablation push (async) with poll, notify and silent. */
const MODE_ORDER = ['instant', 'sync', 'async', 'async-poll', 'async-notify', 'async-silent', 'instant-poll', 'instant-notify', 'instant-silent'];
const ABLATION_METRICS: MetricKey[] = ['taskSuccess', 'subtaskSuccess', 'stepF1', 'efficiency', 'idleRatio', 'makespan', 'turns', 'wastedPolls'];

/** The whole page's data, a pure function of the runs. */
export function buildReportData(runs: ReportRun[], title: string, ablationBy?: AblationBy): ReportData {
  const modes = FailureMode.options;
  const records = runs.map((r) => r.episodes.map((e) => e.record));
  const runInfo: RunInfo[] = runs.map((r, i) => runInfoOf(r, records[i]!));
  return {
    version: REPORT_DATA_VERSION,
    title,
    runs: runInfo,
    metrics: metricDefs(),
    leaderboard: records.map(leaderboardRow),
    breakdowns: breakdowns(records.map((rows) => summarize(rows, {}))),
    failures: failureTable(records, modes),
    ablations: ablations(
      runs.map((r, i) => ({ agent: r.agent, mode: r.mode, records: records[i]! })),
      ablationBy,
    ),
    // The delivery suffix (async-poll) is dropped: the comparison groups by latency mode and compares deliveries.
    protocols: deliveryComparisons(runs.map((r, i) => ({ agent: r.agent, mode: latencyMode(r), settings: r.settings ?? DEFAULT_SETTINGS, records: records[i]! }))),
    lifecycle: lifecycleTable(records),
    notes: {
      breakdown:
        "Success is task success over samples, except by toolkit, where it is the share of that toolkit's own tasks solved; efficiency is oracle makespan / makespan over samples (by toolkit: the samples that use it). The groups are summary.json's; whiskers are 95% intervals.",
    },
    episodes: runs.flatMap((r, ri) => r.episodes.map((e) => packEpisode(e.record, ri, modes, e.marks))),
  };
}

/** What names a run and how it was played; the report and compare describe it by the same RunInfo. */
export type RunHeader = Pick<ReportRun, 'label' | 'agent' | 'mode' | 'dir' | 'settings' | 'cost'>;

export function runInfoOf(run: RunHeader, records: readonly EpisodeRecord[]): RunInfo {
  const settings = run.settings ?? DEFAULT_SETTINGS;
  const group = groupMetrics(records);
  // pass^k at the run's own k: the headline of a multi-trial run, beside the per-sample means.
  const atK = group.trials?.at(-1);
  return {
    label: run.label,
    agent: run.agent,
    mode: run.mode,
    dir: run.dir,
    episodes: records.length,
    samples: group.samples,
    ...settings,
    passHat: atK ? toCell(atK.passHat) : null,
    passAt: atK ? toCell(atK.passAt) : null,
    cost: costLabel(run.cost),
  };
}

/** What a model run paid, as the leaderboard shows it; empty for runs that call no model. */
export function costLabel(cost: ReportRun['cost']): string {
  if (cost === undefined) return '';
  if (cost === null) return 'tokens only (no price known)';
  const usd = (x: number) => `$${x.toFixed(x < 1 ? 4 : 2)}`;
  return `${usd(cost.paidUsd)} paid, ${usd(cost.savedByCacheUsd)} saved by the cache`;
}

function latencyMode(run: ReportRun): string {
  const delivery = run.settings?.delivery ?? 'push';
  return delivery !== 'push' && run.mode.endsWith(`-${delivery}`) ? run.mode.slice(0, -delivery.length - 1) : run.mode;
}

/** Every headline metric of a run, computed by the scorer's summary code. */
export function leaderboardRow(records: readonly EpisodeRecord[]): (Interval | null)[] {
  const group = groupMetrics(records);
  return METRICS.map((m) => toCell(pick(group, m.key)));
}

function breakdowns(summaries: Summary[]): Breakdown[] {
  const dims: { by: Breakdown['by']; title: string; groups: (s: Summary) => Record<string, GroupMetrics>; success: (g: GroupMetrics) => GroupMetrics['taskSuccess'] }[] = [
    { by: 'toolkit', title: 'toolkit', groups: (s) => s.byToolkit, success: (g) => g.toolkitTaskSuccess ?? g.taskSuccess },
    { by: 'tasks', title: 'number of tasks', groups: (s) => s.byTasks, success: (g) => g.taskSuccess },
    { by: 'pattern', title: 'pattern', groups: (s) => s.byPattern, success: (g) => g.taskSuccess },
    { by: 'regime', title: 'latency regime', groups: (s) => s.byRegime, success: (g) => g.taskSuccess },
  ];
  return dims.map(({ by, title, groups, success }) => {
    const keys = [...new Set(summaries.flatMap((s) => Object.keys(groups(s))))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const cell = (key: string, f: (g: GroupMetrics) => GroupMetrics['taskSuccess']) => summaries.map((s) => (groups(s)[key] ? toCell(f(groups(s)[key]!)) : null));
    return { by, title, groups: keys, success: keys.map((k) => cell(k, success)), efficiency: keys.map((k) => cell(k, (g) => g.efficiency)) };
  });
}

/**
 * Per run and label: summary.json's share of samples (with trials, each sample counts once, as its
 * share of trials with the label) and the number of episodes given it, so k trials of one sample
 * never read as k samples.
 */
function failureTable(records: EpisodeRecord[][], modes: readonly FailureMode[]): FailureTable {
  const groups = records.map((rows) => groupMetrics(rows));
  return {
    modes: [...modes],
    shares: groups.map((g) => modes.map((m) => toCell(g.failureModes[m]))),
    counts: records.map((rows) => modes.map((m) => rows.filter((r) => r.score.failureModes.includes(m)).length)),
  };
}

export type AblationBy = 'regime' | 'tasks';

interface AblationInput {
  agent: string;
  mode: string;
  records: readonly EpisodeRecord[];
}

/**
 * Runs of one agent in two or more modes form an ablation, compared on the samples every one
 * of them ran, so the difference is the mode's alone; with `by`, also one per sample group.
 */
export function ablations(runs: readonly AblationInput[], by?: AblationBy): Ablation[] {
  const byAgent = new Map<string, number[]>();
  runs.forEach((r, i) => byAgent.set(r.agent, [...(byAgent.get(r.agent) ?? []), i]));
  const out: Ablation[] = [];
  for (const [agent, indices] of byAgent) {
    const chosen = MODE_ORDER.flatMap((mode) => indices.filter((i) => runs[i]!.mode === mode).slice(0, 1));
    if (chosen.length < 2) continue;
    const modes = chosen.map((i) => runs[i]!.mode);
    const shared = intersect(chosen.map((i) => runs[i]!.records.map((r) => r.sampleId)));
    const subsets = chosen.map((i) => runs[i]!.records.filter((r) => shared.has(r.sampleId)));
    out.push(ablation(agent, null, chosen, modes, subsets));
    if (!by) continue;
    const keyOf = (r: EpisodeRecord) => (by === 'regime' ? `regime ${r.groups?.regime ?? 'unknown'}` : `${r.groups?.tasks ?? r.score.tasks.length} tasks`);
    const keys = [...new Set(subsets[0]!.map(keyOf))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const key of keys)
      out.push(
        ablation(
          agent,
          key,
          chosen,
          modes,
          subsets.map((rows) => rows.filter((r) => keyOf(r) === key)),
        ),
      );
  }
  return out;
}

function ablation(agent: string, group: string | null, runIdx: number[], modes: string[], subsets: EpisodeRecord[][]): Ablation {
  const groups = subsets.map((rows) => groupMetrics(rows));
  return {
    agent,
    group,
    runs: runIdx,
    baseline: modes[0]!,
    against: modes.slice(1),
    rows: ABLATION_METRICS.map((key) => {
      const metric = metricIndex(key);
      const values = groups.map((g) => toCell(pick(g, key)));
      const base = values[0];
      return { metric, values, deltas: values.slice(1).map((v) => (v && base ? v[0] - base[0] : null)) };
    }),
  };
}
