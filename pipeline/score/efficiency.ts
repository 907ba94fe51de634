import type { Sample } from '../schema/sample.ts';
import type { Trace, TraceCall } from '../schema/trace.ts';
import type { EfficiencyScore } from '../schema/result.ts';
import type { GoldDag } from '../gold/graph.ts';

export interface EfficiencyInput {
  sample: Sample;
  trace: Trace;
  dag: GoldDag;
  /** The agent call matched to each gold node. */
  matchedBy: readonly (TraceCall | undefined)[];
  /** Task attributed to each agent call (issue order), null when none. */
  taskOfCall: readonly (string | null)[];
  duplicates: number;
  /** Every task solved: only then does speed count. */
  solved: boolean;
}

/**
 * The makespan: virtual time until every task has its (last) answer and every matched gold call
 * has completed; the episode's end when some task got no answer.
 */
export function makespanOf(trace: Trace, dag: GoldDag, matchedBy?: readonly (TraceCall | undefined)[]): number {
  const lastAnswer = new Map<string, number>();
  for (const a of trace.answers) lastAnswer.set(a.taskId, a.at);
  if (dag.tasks.some((t) => !lastAnswer.has(t.id))) return trace.endTime;
  let T = 0;
  for (const at of lastAnswer.values()) T = Math.max(T, at);
  const done = matchedBy ?? trace.calls.filter((c) => c.gold !== null);
  for (const c of done) if (c?.completedAt != null) T = Math.max(T, c.completedAt);
  return T;
}

export function efficiencyScore({ sample, trace, dag, matchedBy, taskOfCall, duplicates, solved }: EfficiencyInput): EfficiencyScore {
  const T = makespanOf(trace, dag, matchedBy);
  const { oracleMakespan, sequentialMakespan } = sample.meta;
  return {
    makespan: T,
    oracleMakespan,
    sequentialMakespan,
    // Speed is credited only for solved work: a fast wrong or unfinished episode scores 0.
    efficiency: solved ? ratio(oracleMakespan, T) : 0,
    speedup: solved ? ratio(sequentialMakespan, T) : 0,
    idleRatio: T > 0 ? total(idleWindows(trace, dag, matchedBy, T)) / T : 0,
    meanInFlight: T > 0 ? inFlightTime(trace, T) / T : 0,
    taskSwitches: switches(taskOfCall),
    // Rejected waits and cancels with nothing running to cancel spend a call on nothing.
    wastedCalls: duplicates + trace.messages.filter((m) => m.role === 'tool' && m.name === 'wait' && m.outcome.status === 'rejected').length + (trace.cancels?.wasted ?? 0),
    wastedPolls: trace.polls?.wasted ?? 0,
    thinkingTime: thinkingTime(trace),
    turns: trace.turns,
  };
}

/** Virtual seconds charged for thinking (--turn-cost tokens): every turn's cost beyond the fixed turnCost. */
function thinkingTime(trace: Trace): number {
  let sum = 0;
  for (const m of trace.messages) if (m.role === 'assistant' && m.cost !== undefined) sum += m.cost - trace.options.turnCost;
  return Math.round(sum * 1e6) / 1e6;
}

function ratio(reference: number, T: number): number {
  return T > 0 ? reference / T : reference === 0 ? 1 : 0;
}

/** When each turn's calls were issued: its start plus the turn's cost. */
export function turnEnds(trace: Trace): number[] {
  const ends: number[] = [];
  for (const m of trace.messages) if (m.role === 'assistant') ends[m.turn] = m.at + (m.cost ?? trace.options.turnCost);
  return ends;
}

/**
 * Time the agent left a gold call ready and un-issued, whatever it did instead (waited, replied
 * with nothing, made other calls): for each required gold call, from the end of the first turn
 * that had every input delivered to it until it was issued (or until T), merged and clipped to [0, T].
 */
export function idleWindows(trace: Trace, dag: GoldDag, matchedBy: readonly (TraceCall | undefined)[], T: number): [number, number][] {
  const ends = turnEnds(trace);
  const windows: [number, number][] = [];
  for (const task of dag.tasks) {
    for (const i of task.required) {
      let readyTurn = 1;
      for (const p of dag.nodes[i]!.gating) {
        const turn = matchedBy[p]?.deliveredTurn ?? null;
        readyTurn = turn === null ? Infinity : Math.max(readyTurn, turn);
      }
      const from = ends[readyTurn];
      if (from === undefined) continue;
      const to = Math.min(matchedBy[i]?.issuedAt ?? T, T);
      if (to > from) windows.push([from, to]);
    }
  }
  return merge(windows);
}

function merge(windows: [number, number][]): [number, number][] {
  windows.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const w of windows) {
    const last = out[out.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else out.push([w[0], w[1]]);
  }
  return out;
}

function total(windows: [number, number][]): number {
  return windows.reduce((s, [a, b]) => s + b - a, 0);
}

function inFlightTime(trace: Trace, T: number): number {
  let sum = 0;
  for (const c of trace.calls) {
    if (c.handle === null) continue;
    const end = Math.min(c.completedAt ?? trace.endTime, T);
    if (end > c.issuedAt) sum += end - c.issuedAt;
  }
  return sum;
}

function switches(taskOfCall: readonly (string | null)[]): number {
  let n = 0;
  let last: string | null = null;
  for (const t of taskOfCall) {
    if (t === null) continue;
    if (last !== null && t !== last) n++;
    last = t;
  }
  return n;
}
