import type { PipelineConfig } from '../../config/schema.ts';
import type { Sample } from '../../schema/sample.ts';
import type { Registry } from '../../world/registry.ts';
import { scoreSample } from '../../score/score-sample.ts';
import { scheduleSample, type ScheduleResult } from '../schedule.ts';

/**
 * What the schedule and validate stages will say about a draft, so that compose draws another
 * bundle instead of losing the slot: too little room for asynchrony, or an oracle that fails. The
 * gold replays in list and reversed order have passed by now, so an oracle failure means the
 * oracle's interleaving of tasks on one shared state changes an outcome (one task logs out while
 * another still needs the session, say).
 */
export async function previewSchedule(draft: Sample, registry: Registry, config: PipelineConfig): Promise<ScheduleResult> {
  const scheduled = await scheduleSample(draft, registry, config);
  if (!scheduled.ok) return scheduled;
  const score = scoreSample(scheduled.sample, scheduled.oracle, registry);
  if (score.taskSuccess) return scheduled;
  const failed = score.tasks.filter((t) => !t.solved).map((t) => t.taskId);
  const shared = draft.tasks.filter((t) => failed.includes(t.id)).some((t) => draft.tasks.filter((o) => o.toolkit === t.toolkit).length > 1);
  return {
    ok: false,
    reason: shared ? 'order-dependent' : 'oracle-failed',
    detail: `the oracle, running the tasks at once, does not solve ${failed.join(', ')} (${score.failureModes.join(', ') || 'no failure mode'})${shared ? ': tasks sharing a toolkit interfere when interleaved' : ''}`,
  };
}
