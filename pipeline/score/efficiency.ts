import type { Sample } from '../schema/sample.ts';
import type { Trace, TraceCall } from '../schema/trace.ts';
import type { EfficiencyScore } from '../schema/result.ts';
import type { GoldDag } from '../env/dag.ts';

export interface EfficiencyInput {
  sample: Sample;
  trace: Trace;
  dag: GoldDag;
  /** The agent call matched to each gold node. */
  matchedBy: readonly (TraceCall | undefined)[];
  /** Task attributed to each agent call (issue order), null when none. */
  taskOfCall: readonly (string | null)[];
  duplicates: number;
}

/** Makespan is the time of the last answer when every task got one, else the episode's end. */
export function makespanOf(trace: Trace, taskCount: number): number {
  const answered = new Set(trace.answers.map((a) => a.taskId));
  if (answered.size < taskCount) return trace.endTime;
  let last = 0;
  for (const a of trace.answers) if (a.at > last) last = a.at;
  return last;
}

export function efficiencyScore({ sample, trace, dag, matchedBy, taskOfCall, duplicates }: EfficiencyInput): EfficiencyScore {
  const T = makespanOf(trace, sample.tasks.length);
  const finished = new Set(trace.answers.map((a) => a.taskId)).size === sample.tasks.length;
  const { oracleMakespan, sequentialMakespan } = sample.meta;
  return {
    makespan: T,
    oracleMakespan,
    sequentialMakespan,
    // An episode that left a task without an answer never finished the work: no speed to credit.
    efficiency: finished ? ratio(oracleMakespan, T) : 0,
    speedup: finished ? ratio(sequentialMakespan, T) : 0,
    idleRatio: T > 0 ? idleWindows(trace, dag, matchedBy, T).reduce((s, [a, b]) => s + b - a, 0) / T : 0,
    meanInFlight: T > 0 ? inFlightTime(trace, T) / T : 0,
    taskSwitches: switches(taskOfCall),
    wastedCalls: duplicates + trace.messages.filter((m) => m.role === 'tool' && m.name === 'wait' && m.outcome.status === 'rejected').length,
    turns: trace.turns,
  };
}

function ratio(reference: number, T: number): number {
  return T > 0 ? reference / T : reference === 0 ? 1 : 0;
}

/**
 * The intervals the agent spent waiting (the wait tool, or a blocking call) while some gold call
 * had every input delivered and was not yet issued: time it could have used. Clipped to [0, T].
 */
export function idleWindows(trace: Trace, dag: GoldDag, matchedBy: readonly (TraceCall | undefined)[], T: number): [number, number][] {
  if (trace.waits.length === 0) return [];
  const readyAt = dag.nodes.map((n) => {
    let t = 0;
    for (const p of n.refPreds.concat(n.afterPreds)) t = Math.max(t, matchedBy[p]?.deliveredAt ?? Infinity);
    return t;
  });
  const issuedAt = dag.nodes.map((n) => matchedBy[n.idx]?.issuedAt ?? Infinity);
  const out: [number, number][] = [];
  for (const w of trace.waits) {
    if (w.from >= T) continue;
    if (readyAt.some((r, i) => r <= w.from && w.from < issuedAt[i]!)) out.push([w.from, Math.min(w.to, T)]);
  }
  return out;
}

function inFlightTime(trace: Trace, T: number): number {
  let total = 0;
  for (const c of trace.calls) {
    if (c.handle === null) continue;
    const end = Math.min(c.completedAt ?? trace.endTime, T);
    if (end > c.issuedAt) total += end - c.issuedAt;
  }
  return total;
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
