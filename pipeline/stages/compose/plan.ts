import type { Rng } from '../../core/rng.ts';
import type { ComposePattern } from '../../config/schema.ts';
import type { Registry } from '../../world/registry.ts';
import type { GoldRun } from '../../world/execute.ts';
import type { Task } from '../../schema/task.ts';
import type { PoolTask, TaskPool } from './pool.ts';
import type { BalancedSampler } from './sampler.ts';
import { bridgesFor, producedBy, realiseBridge, takes, type BridgeEntry, type Produced } from './bridges.ts';
import type { BundleMemo } from './memo.ts';
import { canonicalJson } from '../../core/canonical.ts';

/** The smallest number of tasks each pattern needs. */
export const MIN_TASKS: Record<ComposePattern, number> = { independent: 2, similar: 2, chain: 2, 'fan-in': 3, mixed: 3 };

export type Plan =
  | {
      entries: PoolTask[];
      /** Cross-task dependencies as [producer index, consumer index] into `entries`. */
      links: [number, number][];
      /** Operators per entry index, for provenance (`bridge:<id>`). */
      operators: Record<number, string[]>;
      /** Each bridge with the values it acts on (followUpKey), counted by the sampler once accepted. */
      followUps?: string[];
    }
  | { reason: string; detail: string };

export interface PlanEnv {
  rng: Rng;
  sampler: BalancedSampler;
  pool: TaskPool;
  registry: Registry;
  bridges: readonly BridgeEntry[];
  slack: number;
  /** Bridges already realised in this run, reused when drawn again on the same producers. */
  memo?: BundleMemo;
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
        // Tasks sharing a state clash more often (order, duplicate calls): a hard slot widens the lineages it draws from.
        const tasks = env.sampler.pickTasks(env.rng, toolkit, layout[i]!, roots, undefined, layout[i]! > 1 ? env.slack : 0);
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

const producedCache = new WeakMap<PoolTask, Omit<Produced, 'tid'> | null>();
function producedOf(entry: PoolTask, registry: Registry): Omit<Produced, 'tid'> | undefined {
  let p = producedCache.get(entry);
  if (p === undefined) {
    p = producedBy(entry, registry) ?? null;
    producedCache.set(entry, p);
  }
  return p ?? undefined;
}

/**
 * Samples in which one lineage may feed a bridge: few seeds answer with something a bridge acts
 * on, and without a cap one of them (the demo message) would open one linked sample in eight.
 * The cap is fixed; a slot's slack widens only the lineages the sampler draws from for tasks that
 * share a state (sampler.ts), not this cap.
 */
export const MAX_PRODUCER_USE = 14;

/**
 * A bridge and the values it acts on, as the sampler counts them: the few producers whose answers
 * are alike (one error line, one export size) would otherwise get the same follow-up, word for
 * word, in many samples, so the least used follow-up of a value is chosen first.
 */
export function followUpKey(b: BridgeEntry, inputs: readonly Pick<Produced, 'value'>[]): string {
  return `${b.bridge.id}\n${canonicalJson(inputs.map((p) => p.value))}`;
}

function fresh(env: PlanEnv, entry: PoolTask): boolean {
  return env.sampler.producerUse(entry.root) < MAX_PRODUCER_USE;
}

/** True when a one-input bridge outside the task's own toolkit (and `exclude`) acts on its answer. */
function feeds(env: PlanEnv, entry: PoolTask, exclude: readonly string[] = []): boolean {
  const p = producedOf(entry, env.registry);
  return p !== undefined && fresh(env, entry) && bridgesFor(env.bridges, p, [entry.task.toolkit, ...exclude]).length > 0;
}

/** True when the task's answer fits input `slot` of a fan-in bridge. */
function feedsSlot(env: PlanEnv, entry: PoolTask, br: BridgeEntry, slot: number): boolean {
  const p = producedOf(entry, env.registry);
  return p !== undefined && fresh(env, entry) && takes(br, slot, p);
}

function produced(env: PlanEnv, entry: PoolTask, tid: string): Produced {
  return { ...producedOf(entry, env.registry)!, tid };
}

function toolkitFeeds(env: PlanEnv, toolkit: string, exclude: readonly string[] = []): boolean {
  return (env.pool.byToolkit.get(toolkit) ?? []).some((e) => feeds(env, e, exclude));
}

class Builder {
  readonly entries: PoolTask[] = [];
  readonly links: [number, number][] = [];
  readonly operators: Record<number, string[]> = {};
  readonly roots = new Set<string>();
  readonly used: string[] = [];
  readonly followUps: string[] = [];

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
  peerOf = (tid: string): Task | undefined => this.entries[Number(tid.slice(1)) - 1]?.task;

  /** Realises a bridge fed by the entries at `from`; returns the new entry's index or a rejection. */
  bridge(b: BridgeEntry, from: readonly number[], inputs: readonly Produced[]): { index: number; produced?: Omit<Produced, 'tid'> } | { reason: string; detail: string } {
    const wording = this.env.sampler.pickWording(this.env.rng, b.bridge.id, 1 + b.bridge.alternatives.length);
    const realise = () => realiseBridge(b, inputs, this.env.registry, this.runOf, this.peerOf, wording);
    const producers = inputs.map((p) => this.entries[Number(p.tid.slice(1)) - 1]!);
    const r = this.env.memo ? this.env.memo.bridge(`${b.bridge.id}#${wording}`, inputs, producers, realise) : realise();
    if (!r.ok) return { reason: r.reason, detail: r.detail };
    const index = this.add(r.entry);
    for (const f of from) this.links.push([f, index]);
    this.operators[index] = [`bridge:${b.bridge.id}`];
    this.followUps.push(followUpKey(b, inputs));
    return { index, ...(r.produced ? { produced: r.produced } : {}) };
  }

  /** The first of `ranked` that realises on these inputs (rankBridges' order), else the last rejection. */
  firstBridge(ranked: readonly BridgeEntry[], from: readonly number[], inputs: readonly Produced[]): ReturnType<Builder['bridge']> {
    let made: ReturnType<Builder['bridge']> = { reason: 'no-bridge', detail: `no bridge takes ${inputs.map((p) => p.type).join(' and ')}` };
    for (const b of ranked) {
      made = this.bridge(b, from, inputs);
      if (!('reason' in made)) return made;
    }
    return made;
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
    return { entries: this.entries, links: this.links, operators: this.operators, followUps: this.followUps };
  }
}

function planChain(k: number, env: PlanEnv): Plan {
  const { rng, sampler } = env;
  const length = k === 2 ? 2 : rng.int(2, Math.min(k, 3));
  const b = new Builder(env);
  const [toolkit] = sampler.pickToolkits(rng, [1], env.slack, (t) => toolkitFeeds(env, t)) ?? [];
  if (!toolkit) return { reason: 'no-producer', detail: 'no toolkit has a task whose answer a bridge takes' };
  const first = sampler.pickTasks(rng, toolkit, 1, b.roots, (e) => feeds(env, e))?.[0];
  if (!first) return { reason: 'no-producer', detail: `no task of ${toolkit} feeds a bridge` };
  let from = b.add(first);
  let input = produced(env, first, b.tid(from));
  for (let step = 1; step < length; step++) {
    const all = bridgesFor(env.bridges, input, b.used);
    if (all.length === 0) return { reason: 'no-bridge', detail: `no bridge outside ${b.used.join(', ')} takes ${input.type}` };
    // A third link only where a bridge's answer is itself something a person acts on; else the chain stops at two.
    const onward = all.filter(
      (c) => c.bridge.output && env.bridges.some((n) => !b.used.includes(n.toolkit) && n.toolkit !== c.toolkit && n.bridge.takes.length === 1 && n.bridge.takes[0]!.includes(c.bridge.output!.type)),
    );
    const last = step === length - 1 || onward.length === 0;
    const made = b.firstBridge(
      sampler.rankBridges(rng, last ? all : onward, (c) => followUpKey(c, [input])),
      [from],
      [input],
    );
    if ('reason' in made) return made;
    from = made.index;
    if (last) break;
    if (!made.produced) return { reason: 'bridge-empty', detail: 'the bridge answer cannot feed the next task' };
    input = { ...made.produced, tid: b.tid(from) };
  }
  return b.fill(k - b.entries.length);
}

/** Producer toolkits for a fan-in bridge, one per input slot, distinct and outside the bridge's toolkit. */
function fanInToolkits(env: PlanEnv, br: BridgeEntry): string[][] {
  return br.bridge.takes.map((_, slot) => env.pool.toolkits.filter((t) => t !== br.toolkit && (env.pool.byToolkit.get(t) ?? []).some((e) => feedsSlot(env, e, br, slot))));
}

function fanInFeasible(env: PlanEnv, br: BridgeEntry): boolean {
  const per = fanInToolkits(env, br);
  // Distinct toolkits per slot: a small matching search (two or three slots).
  const assign = (slot: number, used: string[]): boolean => slot === per.length || per[slot]!.some((t) => !used.includes(t) && assign(slot + 1, [...used, t]));
  return assign(0, []);
}

function planFanIn(k: number, env: PlanEnv): Plan {
  const { rng, sampler } = env;
  const options = env.bridges.filter((br) => br.bridge.takes.length >= 2 && br.bridge.takes.length <= k - 1 && fanInFeasible(env, br));
  if (options.length === 0) return { reason: 'no-bridge', detail: `no fan-in bridge for ${k} tasks has producers of distinct toolkits` };
  // The producers are drawn for the bridge, so its inputs are not known yet: the least used bridge.
  const br = sampler.rankBridges(rng, options)[0]!;
  const b = new Builder(env);
  const inputs: Produced[] = [];
  for (let slot = 0; slot < br.bridge.takes.length; slot++) {
    const [toolkit] =
      sampler.pickToolkits(rng, [1], env.slack, (t) => (env.pool.byToolkit.get(t) ?? []).some((e) => !b.roots.has(e.root) && feedsSlot(env, e, br, slot)), [br.toolkit, ...b.used]) ?? [];
    if (!toolkit) return { reason: 'no-producer', detail: `no toolkit beside ${[br.toolkit, ...b.used].join(', ')} answers with ${br.bridge.takes[slot]!.join(' or ')}` };
    const t = sampler.pickTasks(rng, toolkit, 1, b.roots, (e) => feedsSlot(env, e, br, slot))?.[0];
    if (!t) return { reason: 'no-producer', detail: `no task of ${toolkit} answers with ${br.bridge.takes[slot]!.join(' or ')}` };
    const index = b.add(t);
    inputs.push(produced(env, t, b.tid(index)));
  }
  const made = b.bridge(
    br,
    inputs.map((_, i) => i),
    inputs,
  );
  if ('reason' in made) return made;
  return b.fill(k - b.entries.length);
}

function planMixed(k: number, env: PlanEnv): Plan {
  const { rng, sampler, pool } = env;
  const b = new Builder(env);
  const [toolkit] = sampler.pickToolkits(rng, [2], env.slack, (t) => toolkitFeeds(env, t)) ?? [];
  if (!toolkit) return { reason: 'no-producer', detail: 'no toolkit has a task whose answer a bridge takes' };
  const producer = sampler.pickTasks(rng, toolkit, 1, b.roots, (e) => feeds(env, e), env.slack)?.[0];
  if (!producer) return { reason: 'no-producer', detail: `no task of ${toolkit} feeds a bridge` };
  const partner = sampler.pickTasks(rng, toolkit, 1, new Set([producer.root]), (e) => pool.compatible(e, producer), env.slack)?.[0];
  if (!partner) return { reason: 'no-tasks', detail: `toolkit ${toolkit} has no second task whose state merges with ${producer.task.id}` };
  b.add(partner);
  const from = b.add(producer);
  const input = produced(env, producer, b.tid(from));
  const candidates = bridgesFor(env.bridges, input, b.used);
  const made = b.firstBridge(
    sampler.rankBridges(rng, candidates, (c) => followUpKey(c, [input])),
    [from],
    [input],
  );
  if ('reason' in made) return made;
  return b.fill(k - 3);
}
