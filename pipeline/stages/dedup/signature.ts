import { hashValue } from '../../core/canonical.ts';
import type { Sample } from '../../schema/sample.ts';
import { callEdges } from '../../gold/edges.ts';
import { compareIds } from '../runner.ts';

/** The content that makes two samples the same, whatever their ids, distractors or latencies. */
export function contentHash(sample: Sample): string {
  const tasks = sample.tasks.map((t) => hashValue({ toolkit: t.toolkit, initialState: t.initialState, query: t.query, calls: t.calls, answer: t.answer }));
  return hashValue(tasks.sort(compareIds));
}

/**
 * The shape of a sample: per task its toolkit, tool sequence and dependency edges (by position),
 * order-free across tasks. Near duplicates must share it, so paraphrases of different work never collide.
 */
export function structureSignature(sample: Sample): string {
  const tasks = sample.tasks.map((t) => {
    const index = new Map(t.calls.map((c, i) => [c.id, i]));
    const calls = callEdges(t).map((e) => {
      const deps = e.refs.map((r) => (r.task !== t.id ? 'x' : String(index.get(r.call ?? ''))));
      return `${t.calls[e.index]!.tool}(${[...deps, ...e.after.map((a) => `a${index.get(a)}`)].sort().join(',')})`;
    });
    return `${t.toolkit}:${calls.join(';')}`;
  });
  return hashValue(tasks.sort(compareIds)).slice(0, 16);
}

/** The text the near-duplicate search reads: every query, in an order that does not depend on task ids. */
export function sampleText(sample: Sample): string {
  return sample.tasks
    .map((t) => t.query)
    .sort(compareIds)
    .join(' \n ');
}
