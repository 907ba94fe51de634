import type { Rng } from '../../core/rng.ts';
import type { ComposePattern } from '../../config/schema.ts';
import type { PoolTask, TaskPool } from './pool.ts';
import type { BalancedSampler } from './sampler.ts';

/** The smallest number of tasks each pattern needs. */
export const MIN_TASKS: Record<ComposePattern, number> = { independent: 2, similar: 2, chain: 2, 'fan-in': 3, mixed: 3 };

export type Plan = { entries: PoolTask[]; links: [number, number][] } | { reason: string; detail: string };

/**
 * Chooses toolkits and tasks for one bundle of `k` tasks, and which task feeds which:
 * - independent: k toolkits, no dependency;
 * - similar: one toolkit, k tasks on its merged state;
 * - chain: k toolkits, T1 -> T2 (-> T3);
 * - fan-in: k toolkits, two or three tasks feed the last one;
 * - mixed: a same-toolkit pair plus a cross-toolkit dependency from the pair into a third task.
 */
export function planBundle(pattern: ComposePattern, k: number, rng: Rng, sampler: BalancedSampler, pool: TaskPool, slack: number): Plan {
  const layout = pattern === 'similar' ? [k] : pattern === 'mixed' ? [2, ...Array(k - 2).fill(1)] : Array(k).fill(1);
  const picked = sampler.pickToolkits(rng, layout, slack);
  if (!picked) return { reason: 'no-toolkits', detail: `no ${layout.length} toolkits with enough tasks for layout ${layout.join('+')}` };
  const links = linksFor(pattern, k, rng);
  const toolkits = placeConsumers(picked, layout, links, pool);
  if (!toolkits) return { reason: 'no-consumer', detail: `none of ${picked.join(', ')} has a function that can take another task's result` };
  const entries: PoolTask[] = [];
  const roots = new Set<string>();
  for (const [i, toolkit] of toolkits.entries()) {
    const picked = sampler.pickTasks(rng, toolkit, layout[i]!, roots);
    if (!picked) return { reason: 'no-tasks', detail: `toolkit ${toolkit} has too few tasks of distinct seeds with initial states that merge` };
    for (const p of picked) {
      entries.push(p);
      roots.add(p.root);
    }
  }
  return { entries, links };
}

/**
 * Orders the single-task toolkits so that every consumer position (a link's target) holds a
 * toolkit able to consume; undefined when there are not enough such toolkits.
 */
function placeConsumers(toolkits: string[], layout: readonly number[], links: readonly [number, number][], pool: TaskPool): string[] | undefined {
  if (links.length === 0) return toolkits;
  // Entry index -> toolkit index: the first layout slot may hold two entries (mixed).
  const slotOf = (entry: number) => (layout[0] === 2 ? Math.max(0, entry - 1) : entry);
  const consumerSlots = new Set(links.map(([, c]) => slotOf(c)));
  const singles = toolkits.map((t, i) => ({ t, i })).filter(({ i }) => layout[i] === 1);
  const able = singles.filter(({ t }) => pool.consumers.has(t)).map(({ t }) => t);
  const others = singles.filter(({ t }) => !pool.consumers.has(t)).map(({ t }) => t);
  const out = [...toolkits];
  for (const { i } of singles) {
    const next = consumerSlots.has(i) ? able.shift() : (others.shift() ?? able.shift());
    if (next === undefined) return undefined;
    out[i] = next;
  }
  return out;
}

function linksFor(pattern: ComposePattern, k: number, rng: Rng): [number, number][] {
  switch (pattern) {
    case 'independent':
    case 'similar':
      return [];
    case 'chain': {
      const length = k === 2 ? 2 : rng.int(2, Math.min(k, 3));
      return Array.from({ length: length - 1 }, (_, i) => [i, i + 1] as [number, number]);
    }
    case 'fan-in': {
      const producers = k === 3 ? 2 : rng.int(2, Math.min(k - 1, 3));
      return Array.from({ length: producers }, (_, i) => [i, k - 1] as [number, number]);
    }
    case 'mixed':
      return [[1, 2]];
  }
}
