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

/** How a run was played beyond its latency mode: delivery protocol, lifecycle events, trials. */
export interface RunSettings {
  /** push, poll, notify or silent. */
  delivery: string;
  /** `late 20% · timeout 10% · ttl 30s`, or `none`. */
  lifecycle: string;
  /** Trials per sample (--trials); 1 for a single run. */
  trials: number;
}

export interface RunInfo extends RunSettings {
  label: string;
  agent: string;
  mode: string;
  dir: string;
  episodes: number;
  /** Distinct samples (episodes / trials when every sample ran every trial). */
  samples: number;
  /** With trials > 1: pass^k and pass@k at k = trials, over samples; null otherwise. */
  passHat: Interval | null;
  passAt: Interval | null;
  /** What a model run paid (summary.json's cost); empty for runs that call no model. */
  cost: string;
}

/** One agent's runs that differ only in delivery mode, on the samples all of them ran. */
export interface ProtocolComparison {
  agent: string;
  /** Latency mode (async, instant). */
  mode: string;
  lifecycle: string;
  /** Run indices, in delivery order (push, poll, notify, silent). */
  runs: number[];
  deliveries: string[];
  samples: number;
  /** rows[metric].values[run]; key is a leaderboard metric key. */
  rows: { key: string; values: (Interval | null)[] }[];
}

/** shares[run][label]: share of samples given each lifecycle label, with its interval. */
export interface LifecycleTable {
  labels: string[];
  shares: (Interval | null)[][];
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
  /** shares[run][mode]: summary.json's failureModes, the share of samples given the label (with trials, each sample's share of its trials). */
  shares: (Interval | null)[][];
  /** counts[run][mode]: episodes (samples × trials) given the label. */
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
export type PackedMessage = ['T', number] | ['A', number, number, unknown, [string, string, unknown][]] | ['R', number, number, string, string, unknown] | ['E', number, number, string[], unknown];

export interface PackedEpisode {
  r: number;
  id: string;
  /** Trial (--trials) of this episode; 1 for a single run. */
  tr: number;
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
  protocols: ProtocolComparison[];
  lifecycle: LifecycleTable;
  notes: { breakdown: string };
  episodes: PackedEpisode[];
}
