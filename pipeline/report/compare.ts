import type { EpisodeRecord } from '../schema/result.ts';
import { leaderboardRow } from './aggregate.ts';
import { METRICS, metricDefs } from './metrics.ts';
import type { Interval, MetricDef } from './model.ts';

export interface CompareRun {
  label: string;
  agent: string;
  mode: string;
  dir: string;
  records: readonly EpisodeRecord[];
}

export interface LeaderboardJson {
  metrics: MetricDef[];
  runs: { label: string; agent: string; mode: string; dir: string; episodes: number; metrics: Record<string, { mean: number; low: number; high: number; n: number } | null> }[];
}

export function leaderboardJson(runs: readonly CompareRun[]): LeaderboardJson {
  return {
    metrics: metricDefs(),
    runs: runs.map((r) => {
      const row = leaderboardRow(r.records);
      return {
        label: r.label,
        agent: r.agent,
        mode: r.mode,
        dir: r.dir,
        episodes: r.records.length,
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

function cell(interval: Interval | null, format: MetricDef['format']): string {
  if (!interval) return '–';
  const [mean, lo, hi] = interval;
  return `${formatValue(mean, format)} [${formatValue(lo, format)}, ${formatValue(hi, format)}]`;
}

/** Metrics down the side and runs across: terminals are narrower than the metric list is long. */
export function formatTerminal(runs: readonly CompareRun[]): string {
  const rows = runs.map((r) => leaderboardRow(r.records));
  const header = ['metric', ...runs.map((r) => r.label)];
  const body = [
    ['episodes', ...runs.map((r) => String(r.records.length))],
    ...METRICS.map((m, mi) => [m.label + (m.better === 'lower' ? ' ↓' : m.better === 'higher' ? ' ↑' : ''), ...rows.map((row) => cell(row[mi] ?? null, m.format))]),
  ];
  const widths = header.map((_, ci) => Math.max(...[header, ...body].map((line) => [...line[ci]!].length)));
  const line = (cells: string[]) => cells.map((c, ci) => (ci === 0 ? c.padEnd(widths[ci]!) : c.padStart(widths[ci]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), '', 'mean [95% interval over samples]; ↑ higher is better, ↓ lower is better'].join('\n');
}

/** Runs down the side and metrics across, ready for a paper or a README. */
export function formatMarkdown(runs: readonly CompareRun[]): string {
  const esc = (text: string) => text.replace(/\|/g, '\\|');
  const header = ['Run', 'Episodes', ...METRICS.map((m) => m.label)];
  const lines = [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...runs.map((r) => {
      const row = leaderboardRow(r.records);
      return `| ${[esc(r.label), String(r.records.length), ...METRICS.map((m, mi) => cell(row[mi] ?? null, m.format))].join(' | ')} |`;
    }),
  ];
  return [...lines, '', 'Mean [95% interval over samples].'].join('\n');
}
