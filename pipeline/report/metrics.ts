import type { EpisodeScore } from '../schema/result.ts';
import { meanInterval, NON_NEGATIVE, type Interval as SummaryInterval } from '../score/interval.ts';
import type { GroupMetrics } from '../score/summary.ts';
import type { Interval, MetricDef } from './model.ts';

export interface Metric extends MetricDef {
  /** The metric's interval, read from the scorer's own group summary (so it equals summary.json). */
  pick(group: GroupMetrics, scores: readonly EpisodeScore[]): SummaryInterval;
}

const malformedCount = (s: EpisodeScore) => Object.values(s.malformed).reduce((a, b) => a + b, 0);

/** The headline metrics of a run, in leaderboard order; keys are summary.json's (docs/summary-keys.md). */
export const METRICS: Metric[] = [
  { key: 'taskSuccess', label: 'Task success', help: 'share of samples whose every task is solved', format: 'pct', better: 'higher', pick: (g) => g.taskSuccess },
  { key: 'subtaskSuccess', label: 'Sub-task success', help: 'share of tasks solved', format: 'pct', better: 'higher', pick: (g) => g.subtaskSuccess },
  { key: 'stepF1', label: 'Step F1', help: 'F1 of agent calls matched to gold calls', format: 'ratio', better: 'higher', pick: (g) => g.stepF1 },
  { key: 'toolAccuracy', label: 'Tool accuracy', help: 'tool-selection accuracy', format: 'ratio', better: 'higher', pick: (g) => g.toolAccuracy },
  { key: 'argAccuracy', label: 'Argument accuracy', help: 'argument accuracy of calls with the right tool', format: 'ratio', better: 'higher', pick: (g) => g.argAccuracy },
  { key: 'efficiency', label: 'Efficiency', help: 'oracle makespan / makespan', format: 'ratio', better: 'higher', pick: (g) => g.efficiency },
  { key: 'efficiencySolved', label: 'Efficiency (solved)', help: 'efficiency over solved samples only', format: 'ratio', better: 'higher', pick: (g) => g.efficiencySolved },
  { key: 'speedup', label: 'Async speed-up', help: 'sequential makespan / makespan', format: 'ratio', better: 'higher', pick: (g) => g.speedup },
  { key: 'idleRatio', label: 'Idle ratio', help: 'share of time waiting while a ready call was not issued', format: 'pct', better: 'lower', pick: (g) => g.idleRatio },
  { key: 'meanInFlight', label: 'Calls in flight', help: 'mean number of calls in flight', format: 'num', better: 'none', pick: (g) => g.meanInFlight },
  { key: 'makespan', label: 'Makespan', help: 'virtual seconds to the last answer', format: 'sec', better: 'lower', pick: (g) => g.makespan },
  { key: 'turns', label: 'Turns', help: 'agent turns per episode', format: 'num', better: 'lower', pick: (g) => g.turns },
  { key: 'taskSwitches', label: 'Task switches', help: 'changes of task between consecutive calls', format: 'num', better: 'none', pick: (g) => g.taskSwitches },
  { key: 'wastedCalls', label: 'Wasted calls', help: 'polling and duplicate calls per episode', format: 'num', better: 'lower', pick: (g) => g.wastedCalls },
  { key: 'wastedPolls', label: 'Wasted polls', help: 'fetches (check, check_all, get_result) that returned nothing new, per episode', format: 'num', better: 'lower', pick: (g) => g.wastedPolls },
  { key: 'thinkingTime', label: 'Thinking time', help: 'virtual seconds charged for completion tokens per episode (--turn-cost tokens)', format: 'sec', better: 'lower', pick: (g) => g.thinkingTime },
  {
    key: 'malformedPerEpisode',
    label: 'Malformed',
    help: 'unusable parts of agent replies per episode (summary.json keeps the totals under malformed)',
    format: 'num',
    better: 'lower',
    pick: (_g, scores) => meanInterval(scores.map(malformedCount), NON_NEGATIVE),
  },
];

export function metricDefs(): MetricDef[] {
  return METRICS.map(({ pick: _pick, ...def }) => def);
}

export function metricIndex(key: string): number {
  const i = METRICS.findIndex((m) => m.key === key);
  if (i < 0) throw new Error(`unknown report metric ${key}`);
  return i;
}

/** The page's compact form of an interval; null for an empty group. */
export function toCell(i: SummaryInterval): Interval | null {
  return i.n === 0 ? null : [i.mean, i.low, i.high, i.n];
}
