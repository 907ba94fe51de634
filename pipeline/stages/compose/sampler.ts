import type { Rng } from '../../core/rng.ts';
import type { PoolTask, TaskPool } from './pool.ts';

/**
 * Draws toolkits and tasks so that use stays balanced: the least used toolkit first, then the
 * toolkits least often paired with those already chosen, then the least used tasks. Ties are broken
 * by the seeded generator. `commit` records a bundle once it has been accepted.
 */
export class BalancedSampler {
  private readonly toolkitUse = new Map<string, number>();
  private readonly pairUse = new Map<string, number>();
  private readonly taskUse = new Map<string, number>();
  private readonly rootUse = new Map<string, number>();
  private readonly producerRoots = new Map<string, number>();
  private readonly bundles = new Set<string>();
  private readonly followUps = new Map<string, number>();
  private readonly wordings = new Map<string, number>();

  constructor(private readonly pool: TaskPool) {}

  /**
   * `layout` lists how many tasks each distinct toolkit gets, e.g. [2, 1] = one pair plus one other
   * toolkit. `slack` widens the choice beyond the least used (later attempts of a hard slot);
   * only toolkits `allow` accepts and not in `exclude` are chosen.
   */
  pickToolkits(rng: Rng, layout: readonly number[], slack = 0, allow: (toolkit: string) => boolean = () => true, exclude: readonly string[] = []): string[] | undefined {
    const chosen: string[] = [];
    for (const need of layout) {
      const candidates = this.pool.toolkits.filter((t) => !chosen.includes(t) && !exclude.includes(t) && allow(t) && (this.pool.byToolkit.get(t)?.length ?? 0) >= need);
      if (candidates.length === 0) return undefined;
      const cost = (t: string) => (this.toolkitUse.get(t) ?? 0) + chosen.reduce((sum, c) => sum + (this.pairUse.get(pairKey(t, c)) ?? 0), 0) * 2;
      chosen.push(leastBy(rng, candidates, cost, slack));
    }
    return chosen;
  }

  /**
   * `count` tasks of one toolkit from distinct lineages not in `exclude`, least used first, whose
   * states can be shared (tasks of one toolkit share one state in a sample). When the least used
   * task has too few partners (an imported task with its own whole state), the others are tried in
   * order of use: otherwise that task, never used, would be drawn first every time. `slack`
   * widens the least used lineages by that many samples (later attempts of a hard slot).
   */
  pickTasks(rng: Rng, toolkit: string, count: number, excludeRoots: Set<string>, accept: (task: PoolTask) => boolean = () => true, slack = 0): PoolTask[] | undefined {
    const candidates = (this.pool.byToolkit.get(toolkit) ?? []).filter((t) => !excludeRoots.has(t.root) && accept(t));
    if (candidates.length === 0) return undefined;
    const first = this.leastUsed(rng, candidates, slack);
    const picked = this.complete(rng, [first], candidates, count, slack);
    if (picked) return picked;
    const rest = candidates.filter((t) => t !== first);
    const byUse = rng.shuffle(rest).sort((a, b) => this.lineageUse(a) - this.lineageUse(b) || this.use(a) - this.use(b));
    for (const other of byUse) {
      const found = this.complete(rng, [other], candidates, count, slack);
      if (found) return found;
    }
    return undefined;
  }

  /** Adds least used tasks of new lineages that share a state with every task picked so far. */
  private complete(rng: Rng, picked: PoolTask[], candidates: readonly PoolTask[], count: number, slack = 0): PoolTask[] | undefined {
    while (picked.length < count) {
      const fit = candidates.filter((t) => picked.every((p) => p.root !== t.root && this.pool.compatible(p, t)));
      if (fit.length === 0) return undefined;
      picked.push(this.leastUsed(rng, fit, slack));
    }
    return picked;
  }

  private use(task: PoolTask): number {
    return this.taskUse.get(task.task.id) ?? 0;
  }

  /** In how many accepted samples a task of this task's lineage (its seed) appears. */
  private lineageUse(task: PoolTask): number {
    return this.rootUse.get(task.root) ?? 0;
  }

  /**
   * Among the tasks of the least used lineages, the least used, any of them: a seed's children
   * (new values, a reworded sentence) read as the seed again, so the seed's whole family is spread
   * first, then its members; a strict minimum would walk the list in id order.
   */
  private leastUsed(rng: Rng, candidates: readonly PoolTask[], slack = 0): PoolTask {
    const minLineage = Math.min(...candidates.map((c) => this.lineageUse(c)));
    const family = candidates.filter((c) => this.lineageUse(c) <= minLineage + slack);
    const min = Math.min(...family.map((c) => this.use(c)));
    return rng.pick(family.filter((c) => this.use(c) <= min));
  }

  /**
   * `candidates` from the least used on: a producer that several bridges take (a balance in euros,
   * in pounds, in yen) is followed up in each way in turn, not in the same words. With `followUpOf`
   * (the bridge with the values it would act on), the follow-up least used on these values comes
   * first. Ties are shuffled; the planner tries them in this order, so a bridge that cannot take
   * this input (too many decimals, say) gives way to the next instead of failing the draw.
   */
  rankBridges<T extends { bridge: { id: string } }>(rng: Rng, candidates: readonly T[], followUpOf?: (c: T) => string): T[] {
    const cost = (c: T) => ({ followUp: followUpOf ? this.followUpUse(followUpOf(c)) : 0, bridge: this.rootUse.get(`bridge:${c.bridge.id}`) ?? 0 });
    return rng
      .shuffle([...candidates])
      .map((c) => ({ c, cost: cost(c) }))
      .sort((a, b) => a.cost.followUp - b.cost.followUp || a.cost.bridge - b.cost.bridge)
      .map((x) => x.c);
  }

  /** True when a bundle of the same lineages was already accepted (it would read as a near duplicate). */
  seen(tasks: readonly PoolTask[]): boolean {
    return this.bundles.has(bundleKey(tasks));
  }

  /**
   * Records a bundle; `producers` are the indices of its tasks whose answers feed a bridge,
   * `followUps` its bridges with the values they act on (plan.ts followUpKey).
   */
  commit(tasks: readonly PoolTask[], producers: readonly number[] = [], followUps: readonly string[] = []): void {
    for (const key of followUps) this.followUps.set(key, (this.followUps.get(key) ?? 0) + 1);
    for (const t of tasks) if (t.wording) this.wordings.set(t.wording, (this.wordings.get(t.wording) ?? 0) + 1);
    for (const i of new Set(producers)) {
      const root = tasks[i]?.root;
      if (root !== undefined) this.producerRoots.set(root, (this.producerRoots.get(root) ?? 0) + 1);
    }
    this.bundles.add(bundleKey(tasks));
    const toolkits = [...new Set(tasks.map((t) => t.task.toolkit))];
    for (const t of toolkits) this.toolkitUse.set(t, (this.toolkitUse.get(t) ?? 0) + 1);
    for (let i = 0; i < toolkits.length; i++) {
      for (let j = i + 1; j < toolkits.length; j++) {
        const key = pairKey(toolkits[i]!, toolkits[j]!);
        this.pairUse.set(key, (this.pairUse.get(key) ?? 0) + 1);
      }
    }
    for (const t of tasks) this.taskUse.set(t.task.id, (this.taskUse.get(t.task.id) ?? 0) + 1);
    for (const t of tasks) this.rootUse.set(t.root, (this.rootUse.get(t.root) ?? 0) + 1);
  }

  /** Which of a bridge's `count` wordings to use next: one of the least used (0 is its `query`). */
  pickWording(rng: Rng, bridgeId: string, count: number): number {
    const indices = Array.from({ length: count }, (_, i) => i);
    return count === 1 ? 0 : leastBy(rng, indices, (i) => this.wordings.get(`${bridgeId}#${i}`) ?? 0);
  }

  /** In how many accepted samples this bridge acted on these values (plan.ts followUpKey). */
  followUpUse(key: string): number {
    return this.followUps.get(key) ?? 0;
  }

  /** In how many accepted samples a task of this lineage fed a bridge. */
  producerUse(root: string): number {
    return this.producerRoots.get(root) ?? 0;
  }

  /** How often each toolkit pair was used, for the stage report. */
  pairCounts(): Record<string, number> {
    return Object.fromEntries([...this.pairUse.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}

function pairKey(a: string, b: string): string {
  return a < b ? `${a}+${b}` : `${b}+${a}`;
}

function bundleKey(tasks: readonly PoolTask[]): string {
  return tasks
    .map((t) => t.root)
    .sort()
    .join('|');
}

function leastBy<T>(rng: Rng, items: readonly T[], cost: (item: T) => number, slack = 0): T {
  const costs = items.map(cost);
  const min = Math.min(...costs);
  return rng.pick(items.filter((_, i) => costs[i]! <= min + slack));
}
