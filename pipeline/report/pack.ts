import type { EpisodeRecord } from '../schema/result.ts';
import type { Trace, TraceMessage } from '../schema/trace.ts';
import { FLAG_VIOLATION, FLAG_WASTED, type PackedCall, type PackedEpisode, type PackedMessage } from './model.ts';

/** What the scorer knows about an episode that the trace alone does not say; arrays follow trace.calls. */
export interface EpisodeMarks {
  /** Task index of each call (-1 when the scorer attributes it to none). */
  taskOf: number[];
  /** Calls issued before a result they need was delivered. */
  violation: boolean[];
  /** Duplicate calls. */
  wasted: boolean[];
  /** Windows in which the agent waited while some task had a ready, un-issued gold call. */
  idle: [number, number][];
}

/** A result, argument list or reply longer than this is cut in the page (traces.jsonl keeps it whole). */
export const CLIP_CHARS = 4000;

function clip(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string') return value.length > CLIP_CHARS ? { $truncated: value.length, head: value.slice(0, CLIP_CHARS) } : value;
  const text = JSON.stringify(value);
  return text !== undefined && text.length > CLIP_CHARS ? { $truncated: text.length, head: text.slice(0, CLIP_CHARS) } : value;
}

/** A text cut to CLIP_CHARS, saying how much was cut: the page shows it as it is (traces.jsonl keeps it whole). */
export function clipText(text: string): string {
  return text.length > CLIP_CHARS ? `${text.slice(0, CLIP_CHARS)}… (${text.length - CLIP_CHARS} more characters in traces.jsonl)` : text;
}

/** One episode as the page stores it: arrays instead of repeated keys, long values clipped. */
export function packEpisode(record: EpisodeRecord, run: number, failureModes: readonly string[], marks: EpisodeMarks): PackedEpisode {
  const { trace, score } = record;
  const solved = new Map(score.tasks.map((t) => [t.taskId, t.solved]));
  const tasks = taskRows(
    trace,
    score.tasks.map((t) => ({ id: t.taskId, toolkit: t.toolkit })),
  );
  const calls: PackedCall[] = trace.calls.map((call, i) => {
    const flags = (marks.violation[i] ? FLAG_VIOLATION : 0) | (marks.wasted[i] ? FLAG_WASTED : 0);
    const payload = call.error !== undefined ? call.error : call.result;
    return [marks.taskOf[i] ?? -1, call.tool, call.handle, call.status, call.issuedAt, call.completedAt, call.deliveredAt, call.turn, flags, call.toolCallId, clip(payload), call.gold];
  });
  return {
    r: run,
    id: trace.sampleId,
    tr: record.trial ?? trace.options.trial ?? 1,
    ok: score.taskSuccess ? 1 : 0,
    sub: score.subtaskSuccess,
    fm: score.failureModes.map((m) => failureModes.indexOf(m)),
    endReason: trace.endReason,
    end: trace.endTime,
    T: score.efficiency.makespan,
    eff: score.efficiency.efficiency,
    idle: score.efficiency.idleRatio,
    turns: score.efficiency.turns,
    tc: trace.options.turnCost,
    pat: record.groups?.pattern ?? null,
    reg: record.groups?.regime ?? null,
    k: tasks.map((t) => [t.id, t.toolkit, solved.get(t.id) ? 1 : 0, clipText(t.query)]),
    c: calls,
    t: trace.messages.flatMap((m) => (m.role === 'assistant' ? [m.at] : [])),
    w: trace.waits.map((w) => [w.from, w.to, w.kind]),
    i: marks.idle,
    a: trace.answers.map((a) => [a.taskId, a.at]),
    m: trace.messages.map(packMessage),
  };
}

function taskRows(trace: Trace, scored: { id: string; toolkit: string }[]): { id: string; toolkit: string; query: string }[] {
  const queries = new Map<string, string>();
  for (const m of trace.messages) if (m.role === 'tasks') for (const t of m.tasks) queries.set(t.id, t.query);
  return scored.map((t) => ({ ...t, query: queries.get(t.id) ?? '' }));
}

function packMessage(m: TraceMessage): PackedMessage {
  switch (m.role) {
    case 'tasks':
      return ['T', m.at];
    case 'assistant':
      return ['A', m.turn, m.at, clip(m.content), m.toolCalls.map((tc) => [tc.id, tc.name, clip(tc.arguments)])];
    case 'tool':
      return ['R', m.turn, m.at, m.toolCallId, m.name, { ...m.outcome, ...('result' in m.outcome && m.outcome.result !== undefined ? { result: clip(m.outcome.result) } : {}) }];
    case 'environment':
      return ['E', m.at, m.beforeTurn, m.delivered, m.status ?? null];
  }
}
