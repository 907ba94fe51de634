import { z } from 'zod';
import type { Sample } from '../../pipeline/schema/sample.ts';
import { collectRefs } from '../../pipeline/world/refs.ts';

/** One reader's judgement of one task; the last line for a task counts, so a reader can change their mind. */
export const Verdict = z.object({ sample: z.string(), task: z.string(), verdict: z.enum(['accept', 'light', 'reject']), reason: z.string() });
export type Verdict = z.infer<typeof Verdict>;
type ReportTask = Sample['tasks'][number];

/** Where a task came from, in the rows the table uses: a raw seed, one rule operator, or any bridge. */
export function originOf(task: ReportTask): string {
  const first = task.provenance?.operators[0];
  if (first === undefined) return 'seed';
  return first.startsWith('bridge') ? 'bridge:*' : first;
}

export interface ReadReport {
  rows: { origin: string; tasks: number; accept: number; light: number; reject: number }[];
  samples: { judged: number; drawn: number; whole: number; noReject: number };
  tasksJudged: number;
  tasksDrawn: number;
}

export function reportRead(samples: ReadonlyMap<string, Sample>, drawn: readonly string[], verdicts: readonly Verdict[]): ReadReport {
  const last = new Map<string, Verdict>();
  for (const v of verdicts) last.set(`${v.sample}\u0000${v.task}`, v);
  const counts = new Map<string, { accept: number; light: number; reject: number }>();
  const bump = (origin: string, verdict: Verdict['verdict']) => {
    const row = counts.get(origin) ?? { accept: 0, light: 0, reject: 0 };
    row[verdict]++;
    counts.set(origin, row);
  };
  const bySample = new Map<string, Verdict['verdict'][]>();
  for (const v of last.values()) {
    const task = samples.get(v.sample)?.tasks.find((t) => t.id === v.task);
    if (task === undefined) continue;
    bump('all tasks', v.verdict);
    bump(originOf(task), v.verdict);
    if (collectRefs(task.calls).some(({ ref }) => ref.task !== undefined)) bump('any task with a cross-task reference', v.verdict);
    bySample.set(v.sample, [...(bySample.get(v.sample) ?? []), v.verdict]);
  }
  // A sample counts as judged only when every one of its tasks has a verdict.
  const complete = [...bySample].filter(([id, vs]) => vs.length === samples.get(id)?.tasks.length);
  const order = (origin: string) => (origin === 'all tasks' ? '0' : origin.startsWith('any') ? '2' : `1${origin}`);
  return {
    rows: [...counts].sort(([a], [b]) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)).map(([origin, c]) => ({ origin, tasks: c.accept + c.light + c.reject, ...c })),
    samples: {
      judged: complete.length,
      drawn: drawn.length,
      whole: complete.filter(([, vs]) => vs.every((v) => v === 'accept')).length,
      noReject: complete.filter(([, vs]) => vs.every((v) => v !== 'reject')).length,
    },
    tasksJudged: last.size,
    tasksDrawn: drawn.reduce((n, id) => n + (samples.get(id)?.tasks.length ?? 0), 0),
  };
}

const pct = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((100 * n) / of)}%`);

export function formatReport(report: ReadReport): string {
  const lines = ['| origin | tasks | accept as-is | light edit | reject |', '|---|---|---|---|---|'];
  for (const r of report.rows) lines.push(`| ${r.origin} | ${r.tasks} | ${pct(r.accept, r.tasks)} | ${pct(r.light, r.tasks)} | ${pct(r.reject, r.tasks)} |`);
  const s = report.samples;
  lines.push('');
  lines.push(`samples judged ${s.judged} of ${s.drawn}; every task accepted: ${s.whole} (${pct(s.whole, s.judged)}); no task rejected: ${s.noReject} (${pct(s.noReject, s.judged)})`);
  lines.push(`tasks judged ${report.tasksJudged} of ${report.tasksDrawn}`);
  return `${lines.join('\n')}\n`;
}
