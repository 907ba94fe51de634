import type { Rng } from '../../core/rng.ts';
import type { ComposePattern } from '../../config/schema.ts';
import type { Registry } from '../../world/registry.ts';
import type { GoldRun } from '../../world/execute.ts';
import type { PoolTask, TaskPool } from './pool.ts';
import type { BalancedSampler } from './sampler.ts';
import { bridgesFor, producedBy, realiseBridge, type BridgeEntry, type Produced } from './bridges.ts';

/** The smallest number of tasks each pattern needs. */
export const MIN_TASKS: Record<ComposePattern, number> = { independent: 2, similar: 2, chain: 2, 'fan-in': 3, mixed: 3 };

export type Plan =
  | {
      entries: PoolTask[];
      /** Cross-task dependencies as [producer index, consumer index] into `entries`. */
      links: [number, number][];
      /** Operators per entry index, for provenance (`bridge:<id>`). */
      operators: Record<number, string[]>;
    }
  | { reason: string; detail: string };

export interface PlanEnv {
  rng: Rng;
  sampler: BalancedSampler;
  pool: TaskPool;
  registry: Registry;
  bridges: readonly BridgeEntry[];
  slack: number;
}

/**
 * Chooses toolkits and tasks for one bundle of `k` tasks, and which task feeds which:
 * - independent: k toolkits, no dependency;
 * - similar: one toolkit, k tasks on its merged state;
 * - chain: T1's answer feeds a bridge task T2 (whose answer may feed a bridge task T3);
 * - fan-in: two or three tasks' answers feed one bridge task;
 * - mixed: a same-toolkit pair, the second's answer feeding a bridge task of another toolkit.
 * Dependencies are only ever bridges (the toolkits' language layers): a hand-written task of the
 * consuming toolkit that answers one question with the producer's answer. Remaining places hold
 * independent tasks of unused toolkits.
 */
export function planBundle(pattern: ComposePattern, k: number, env: PlanEnv): Plan {
  switch (pattern) {
    case 'independent':
    case 'similar': {
      const layout = pattern === 'similar' ? [k] : Array(k).fill(1);
      const picked = env.sampler.pickToolkits(env.rng, layout, env.slack);
      if (!picked) return { reason: 'no-toolkits', detail: `no ${layout.length} toolkits with enough tasks for layout ${layout.join('+')}` };
      const entries: PoolTask[] = [];
      const roots = new Set<string>();
      for (const [i, toolkit] of picked.entries()) {
        const tasks = env.sampler.pickTasks(env.rng, toolkit, layout[i]!, roots);
        if (!tasks) return { reason: 'no-tasks', detail: `toolkit ${toolkit} has too few tasks of distinct seeds with initial states that merge` };
        for (const t of tasks) {
          entries.push(t);
          roots.add(t.root);
        }
      }
      return { entries, links: [], operators: {} };
    }
    case 'chain':
      return planChain(k, env);
    case 'fan-in':
      return planFanIn(k, env);
    case 'mixed':
      return planMixed(k, env);
  }
}

const producedCache = new WeakMap<PoolTask, Omit<Produced, 'tid'>[]>();
function producedOf(entry: PoolTask, registry: Registry): Omit<Produced, 'tid'>[] {
  let p = producedCache.get(entry);
  if (p === undefined) {
    p = producedBy(entry, registry);
    producedCache.set(entry, p);
  }
  return p;
}

/** The values of a task that some bridge outside its own toolkit (and `exclude`) takes, `n` at a time. */
function feeding(env: PlanEnv, entry: PoolTask, n: number, exclude: readonly string[] = [], type?: string): Omit<Produced, 'tid'>[] {
  return producedOf(entry, env.registry).filter((p) => (!type || p.type === type) && bridgesFor(env.bridges, p.type, n, [entry.task.toolkit, ...exclude]).length > 0);
}

function feeds(env: PlanEnv, entry: PoolTask, n: number, exclude: readonly string[] = [], type?: string): boolean {
  return feeding(env, entry, n, exclude, type).length > 0;
}

/** One of the values a task hands on, the answer twice as likely as any other field. */
function pickProduced(env: PlanEnv, entry: PoolTask, n: number, tid: string, type?: string): Produced {
  const all = feeding(env, entry, n, [], type);
  const weighted = [all[0]!, ...all];
  return { ...env.rng.pick(weighted), tid };
}

function toolkitFeeds(env: PlanEnv, toolkit: string, n: number, exclude: readonly string[] = [], type?: string): boolean {
  return (env.pool.byToolkit.get(toolkit) ?? []).some((e) => feeds(env, e, n, exclude, type));
}

class Builder {
  readonly entries: PoolTask[] = [];
  readonly links: [number, number][] = [];
  readonly operators: Record<number, string[]> = {};
  readonly roots = new Set<string>();
  readonly used: string[] = [];

  constructor(private readonly env: PlanEnv) {}

  tid(index: number): string {
    return `T${index + 1}`;
  }

  add(entry: PoolTask): number {
    this.entries.push(entry);
    this.roots.add(entry.root);
    if (!this.used.includes(entry.task.toolkit)) this.used.push(entry.task.toolkit);
    return this.entries.length - 1;
  }

  runOf = (tid: string): GoldRun | undefined => this.entries[Number(tid.slice(1)) - 1]?.run;

  /** Realises a bridge fed by the entries at `from`; returns the new entry's index or a rejection. */
  bridge(b: BridgeEntry, from: readonly number[], inputs: readonly Produced[]): { index: number; produced?: Omit<Produced, 'tid'> } | { reason: string; detail: string } {
    const r = realiseBridge(b, inputs, this.env.registry, this.runOf);
    if (!r.ok) return { reason: r.reason, detail: r.detail };
    const index = this.add(r.entry);
    for (const f of from) this.links.push([f, index]);
    this.operators[index] = [`bridge:${b.bridge.id}`];
    return { index, ...(r.produced ? { produced: r.produced } : {}) };
  }

  /** Independent tasks of toolkits not used yet, one per toolkit. */
  fill(n: number): Plan {
    if (n > 0) {
      const picked = this.env.sampler.pickToolkits(this.env.rng, Array(n).fill(1), this.env.slack, () => true, this.used);
      if (!picked) return { reason: 'no-toolkits', detail: `no ${n} more toolkits beside ${this.used.join(', ')}` };
      for (const toolkit of picked) {
        const t = this.env.sampler.pickTasks(this.env.rng, toolkit, 1, this.roots);
        if (!t) return { reason: 'no-tasks', detail: `toolkit ${toolkit} has no task of a new seed` };
        this.add(t[0]!);
      }
    }
    return { entries: this.entries, links: this.links, operators: this.operators };
  }
}

function planChain(k: number, env: PlanEnv): Plan {
  const { rng, sampler } = env;
  const length = k === 2 ? 2 : rng.int(2, Math.min(k, 3));
  const b = new Builder(env);
  const [toolkit] = sampler.pickToolkits(rng, [1], env.slack, (t) => toolkitFeeds(env, t, 1)) ?? [];
  if (!toolkit) return { reason: 'no-producer', detail: 'no toolkit has a task whose answer a bridge takes' };
  const first = sampler.pickTasks(rng, toolkit, 1, b.roots, (e) => feeds(env, e, 1))?.[0];
  if (!first) return { reason: 'no-producer', detail: `no task of ${toolkit} feeds a bridge` };
  let from = b.add(first);
  let input = pickProduced(env, first, 1, b.tid(from));
  for (let step = 1; step < length; step++) {
    const last = step === length - 1;
    const candidates = bridgesFor(env.bridges, input.type, 1, b.used).filter((c) => last || (c.bridge.output && bridgesFor(env.bridges, c.bridge.output.type, 1, [...b.used, c.toolkit]).length > 0));
    if (candidates.length === 0) return { reason: 'no-bridge', detail: `no bridge outside ${b.used.join(', ')} takes ${input.type}${last ? '' : ' and feeds another'}` };
    const made = b.bridge(rng.pick(candidates), [from], [input]);
    if ('reason' in made) return made;
    from = made.index;
    if (!last) {
      if (!made.produced) return { reason: 'bridge-empty', detail: 'the bridge answer cannot feed the next task' };
      input = { ...made.produced, tid: b.tid(from) };
    }
  }
  return b.fill(k - length);
}

function planFanIn(k: number, env: PlanEnv): Plan {
  const { rng, sampler } = env;
  const producers = k === 3 ? 2 : rng.int(2, Math.min(k - 1, 3));
  const options = env.bridges.flatMap((br) =>
    br.bridge.accepts
      .filter((type) => br.bridge.inputs.includes(producers) && env.pool.toolkits.filter((t) => t !== br.toolkit && toolkitFeeds(env, t, producers, [], type)).length >= producers)
      .map((type) => ({ br, type })),
  );
  if (options.length === 0) return { reason: 'no-bridge', detail: `no bridge takes ${producers} answers of one type from distinct toolkits` };
  const { br, type } = rng.pick(options);
  const b = new Builder(env);
  const toolkits = sampler.pickToolkits(rng, Array(producers).fill(1), env.slack, (t) => toolkitFeeds(env, t, producers, [], type), [br.toolkit]);
  if (!toolkits) return { reason: 'no-producer', detail: `fewer than ${producers} toolkits answer with ${type}` };
  const inputs: Produced[] = [];
  for (const toolkit of toolkits) {
    const t = sampler.pickTasks(rng, toolkit, 1, b.roots, (e) => feeds(env, e, producers, [], type))?.[0];
    if (!t) return { reason: 'no-producer', detail: `no task of ${toolkit} answers with ${type}` };
    const index = b.add(t);
    inputs.push(pickProduced(env, t, producers, b.tid(index), type));
  }
  const made = b.bridge(
    br,
    inputs.map((_, i) => i),
    inputs,
  );
  if ('reason' in made) return made;
  return b.fill(k - producers - 1);
}

function planMixed(k: number, env: PlanEnv): Plan {
  const { rng, sampler, pool } = env;
  const b = new Builder(env);
  const [toolkit] = sampler.pickToolkits(rng, [2], env.slack, (t) => toolkitFeeds(env, t, 1)) ?? [];
  if (!toolkit) return { reason: 'no-producer', detail: 'no toolkit has a task whose answer a bridge takes' };
  const producer = sampler.pickTasks(rng, toolkit, 1, b.roots, (e) => feeds(env, e, 1))?.[0];
  if (!producer) return { reason: 'no-producer', detail: `no task of ${toolkit} feeds a bridge` };
  const partner = sampler.pickTasks(rng, toolkit, 1, new Set([producer.root]), (e) => pool.compatible(e, producer))?.[0];
  if (!partner) return { reason: 'no-tasks', detail: `toolkit ${toolkit} has no second task whose state merges with ${producer.task.id}` };
  b.add(partner);
  const from = b.add(producer);
  const input = pickProduced(env, producer, 1, b.tid(from));
  const candidates = bridgesFor(env.bridges, input.type, 1, b.used);
  const made = b.bridge(rng.pick(candidates), [from], [input]);
  if ('reason' in made) return made;
  return b.fill(k - 3);
}
