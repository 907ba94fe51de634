import type { EpisodeRecord } from '../schema/result.ts';
import { leaderboardRow } from './aggregate.ts';
import { METRICS, metricDefs } from './metrics.ts';
import type { Interval, MetricDef, RunSettings } from './model.ts';
import { groupMetrics } from '../score/summary.ts';

export interface CompareRun {
  label: string;
  agent: string;
  mode: string;
  dir: string;
  /** Absent: push, no lifecycle events, one trial. */
  settings?: RunSettings;
  records: readonly EpisodeRecord[];
}

const DEFAULT_SETTINGS: RunSettings = { delivery: 'push', lifecycle: 'none', trials: 1 };

/** How each run was played, and pass^k at its own k when it has several trials. */
function protocolOf(run: CompareRun): RunSettings & { samples: number; passHat: Interval | null } {
  const group = groupMetrics(run.records);
  const atK = group.trials?.at(-1);
  return { ...(run.settings ?? DEFAULT_SETTINGS), samples: group.samples, passHat: atK && atK.passHat.n > 0 ? [atK.passHat.mean, atK.passHat.low, atK.passHat.high, atK.passHat.n] : null };
}

export interface LeaderboardJson {
  metrics: MetricDef[];
  runs: {
    label: string;
    agent: string;
    mode: string;
    dir: string;
    episodes: number;
    samples: number;
    delivery: string;
    lifecycle: string;
    trials: number;
    passHat: { mean: number; low: number; high: number; n: number } | null;
    metrics: Record<string, { mean: number; low: number; high: number; n: number } | null>;
  }[];
}

export function leaderboardJson(runs: readonly CompareRun[]): LeaderboardJson {
  return {
    metrics: metricDefs(),
    runs: runs.map((r) => {
      const row = leaderboardRow(r.records);
      const p = protocolOf(r);
      return {
        label: r.label,
        agent: r.agent,
        mode: r.mode,
        dir: r.dir,
        episodes: r.records.length,
        samples: p.samples,
        delivery: p.delivery,
        lifecycle: p.lifecycle,
        trials: p.trials,
        passHat: p.passHat ? toObj(p.passHat) : null,
        metrics: Object.fromEntries(METRICS.map((m, i) => [m.key, row[i] ? toObj(row[i]) : null])),
      };
    }),
  };
}

/** The same shape as summary.json's intervals. */
function toObj([mean, low, high, n]: Interval) {
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
  const protocols = runs.map(protocolOf);
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
      const p = protocolOf(r);
      return `| ${[esc(r.label), esc(p.delivery), esc(p.lifecycle), String(p.trials), String(r.records.length), String(p.samples), formatInterval(p.passHat, 'ratio'), ...METRICS.map((m, mi) => formatInterval(row[mi] ?? null, m.format))].join(' | ')} |`;
    }),
  ];
  return [...lines, '', 'Mean [95% interval over samples].'].join('\n');
}
