import type { EpisodeRecord } from '../schema/result.ts';
import { leaderboardRow, runInfoOf } from './aggregate.ts';
import { METRICS, metricDefs } from './metrics.ts';
import type { Interval, MetricDef, RunInfo, RunSettings } from './model.ts';
import type { Interval as SummaryInterval } from '../score/interval.ts';

export interface CompareRun {
  label: string;
  agent: string;
  mode: string;
  dir: string;
  /** Absent: push, no lifecycle events, one trial. */
  settings?: RunSettings;
  records: readonly EpisodeRecord[];
}

/** A run as compare --json prints it: the report's RunInfo, with intervals in summary.json's shape and the metrics by key. */
export type LeaderboardRun = Omit<RunInfo, 'passHat' | 'passAt' | 'cost'> & {
  passHat: SummaryInterval | null;
  metrics: Record<string, SummaryInterval | null>;
};

export interface LeaderboardJson {
  metrics: MetricDef[];
  runs: LeaderboardRun[];
}

export function leaderboardJson(runs: readonly CompareRun[]): LeaderboardJson {
  return {
    metrics: metricDefs(),
    runs: runs.map((r) => {
      const row = leaderboardRow(r.records);
      const { passHat, passAt: _passAt, cost: _cost, ...info } = runInfoOf(r, r.records);
      return { ...info, passHat: passHat ? toObj(passHat) : null, metrics: Object.fromEntries(METRICS.map((m, i) => [m.key, row[i] ? toObj(row[i]) : null])) };
    }),
  };
}

/** The same shape as summary.json's intervals. */
function toObj([mean, low, high, n]: Interval): SummaryInterval {
  return { mean, low, high, n };
}

export function formatValue(value: number, format: MetricDef['format']): string {
  switch (format) {
    case 'pct':
      return `${(value * 100).toFixed(1)}%`;
    case 'ratio':
      return value.toFixed(3);
    case 'sec':
      return `${value.toFixed(1)}s`;
    default:
      return value.toFixed(2);
  }
}

/** `mean [low, high]`, or – for an empty group. */
export function formatInterval(interval: Interval | null, format: MetricDef['format']): string {
  if (!interval) return '–';
  const [mean, lo, hi] = interval;
  return `${formatValue(mean, format)} [${formatValue(lo, format)}, ${formatValue(hi, format)}]`;
}

/** Metrics down the side and runs across: terminals are narrower than the metric list is long. */
export function formatTerminal(runs: readonly CompareRun[]): string {
  const rows = runs.map((r) => leaderboardRow(r.records));
  const protocols = runs.map((r) => runInfoOf(r, r.records));
  const header = ['metric', ...runs.map((r) => r.label)];
  const body = [
    ['delivery', ...protocols.map((p) => p.delivery)],
    ['lifecycle', ...protocols.map((p) => p.lifecycle)],
    ['trials', ...protocols.map((p) => String(p.trials))],
    ['episodes', ...runs.map((r) => String(r.records.length))],
    ['samples', ...protocols.map((p) => String(p.samples))],
    ['pass^k (k = trials) ↑', ...protocols.map((p) => formatInterval(p.passHat, 'ratio'))],
    ...METRICS.map((m, mi) => [m.label + (m.better === 'lower' ? ' ↓' : m.better === 'higher' ? ' ↑' : ''), ...rows.map((row) => formatInterval(row[mi] ?? null, m.format))]),
  ];
  return [
    ...alignColumns([header, ...body], { rule: true }),
    '',
    'mean [95% interval over samples; with trials, each sample is first averaged over its trials]; ↑ higher is better, ↓ lower is better',
  ].join('\n');
}

/** Terminal table lines: the first column left-aligned, the others right-aligned; `rule` underlines the header row. */
export function alignColumns(rows: readonly string[][], { rule = false } = {}): string[] {
  const widths = rows[0]!.map((_, ci) => Math.max(...rows.map((row) => [...row[ci]!].length)));
  const lines = rows.map((cells) => cells.map((c, ci) => (ci === 0 ? c.padEnd(widths[ci]!) : c.padStart(widths[ci]!))).join('  '));
  if (rule) lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return lines;
}

/** Runs down the side and metrics across, ready for a paper or a README. */
export function formatMarkdown(runs: readonly CompareRun[]): string {
  const esc = (text: string) => text.replace(/\|/g, '\\|');
  const header = ['Run', 'Delivery', 'Lifecycle', 'Trials', 'Episodes', 'Samples', 'pass^k', ...METRICS.map((m) => m.label)];
  const lines = [
    `| ${header.join(' | ')} |`,
    // Text columns (run, delivery, lifecycle) left-aligned, numbers right-aligned.
    `|${header.map((_, i) => (i <= 2 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...runs.map((r) => {
      const row = leaderboardRow(r.records);
      const p = runInfoOf(r, r.records);
      return `| ${[esc(r.label), esc(p.delivery), esc(p.lifecycle), String(p.trials), String(r.records.length), String(p.samples), formatInterval(p.passHat, 'ratio'), ...METRICS.map((m, mi) => formatInterval(row[mi] ?? null, m.format))].join(' | ')} |`;
    }),
  ];
  return [...lines, '', 'Mean [95% interval over samples].'].join('\n');
}
