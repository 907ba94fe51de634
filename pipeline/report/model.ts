/**
 * The data a report page embeds. Episodes are packed as arrays (see pack.ts) so a report of
 * thousands of episodes stays small; the client script (assets/) reads exactly this shape.
 */
export const REPORT_DATA_VERSION = 1;

/** mean, lower and upper bound of the 95% interval, and the number of samples behind it. */
export type Interval = [mean: number, lo: number, hi: number, n: number];

export interface MetricDef {
  key: string;
  label: string;
  help: string;
  format: 'pct' | 'ratio' | 'num' | 'sec';
  better: 'higher' | 'lower' | 'none';
}

export interface RunInfo {
  label: string;
  agent: string;
  mode: string;
  dir: string;
  episodes: number;
}

/** cells[group][run]; null where a run has no episode in the group. */
export interface Breakdown {
  by: 'toolkit' | 'tasks' | 'pattern' | 'regime';
  title: string;
  groups: string[];
  success: (Interval | null)[][];
  efficiency: (Interval | null)[][];
}

export interface FailureTable {
  modes: string[];
  /** counts[run][mode]: episodes given the label. */
  counts: number[][];
}

/** One agent's runs in several modes on the same samples, and each mode's change from the baseline. */
export interface Ablation {
  agent: string;
  /** The sample group compared (`regime slow`, `3 tasks`), or null for all shared samples. */
  group: string | null;
  /** Run indices, in mode order (instant, sync, async). */
  runs: number[];
  baseline: string;
  against: string[];
  rows: { metric: number; values: (Interval | null)[]; deltas: (number | null)[] }[];
}

/** [task index or -1, tool, handle, status, issuedAt, completedAt, deliveredAt, turn, flags, toolCallId, result or error, gold key] */
export type PackedCall = [number, string, string | null, string, number, number | null, number | null, number, number, string, unknown, string | null];

export const FLAG_VIOLATION = 1;
export const FLAG_WASTED = 2;

/** Conversation rows: tasks, assistant turn, tool answer, environment delivery. */
export type PackedMessage =
  | ['T', number]
  | ['A', number, number, unknown, [string, string, unknown][]]
  | ['R', number, number, string, string, unknown]
  | ['E', number, number, string[], unknown];

export interface PackedEpisode {
  r: number;
  id: string;
  ok: 0 | 1;
  sub: number;
  fm: number[];
  endReason: string;
  end: number;
  T: number;
  eff: number;
  idle: number;
  turns: number;
  tc: number;
  pat: string | null;
  reg: string | null;
  /** [task id, toolkit, solved (0/1), query] */
  k: [string, string, 0 | 1, string][];
  c: PackedCall[];
  /** Start time of every turn. */
  t: number[];
  /** [from, to, kind] */
  w: [number, number, string][];
  /** Idle windows [from, to]. */
  i: [number, number][];
  /** [task id, at] */
  a: [string, number][];
  m: PackedMessage[];
}

export interface ReportData {
  version: typeof REPORT_DATA_VERSION;
  title: string;
  runs: RunInfo[];
  metrics: MetricDef[];
  /** leaderboard[run][metric] */
  leaderboard: (Interval | null)[][];
  breakdowns: Breakdown[];
  failures: FailureTable;
  ablations: Ablation[];
  notes: { breakdown: string };
  episodes: PackedEpisode[];
}
