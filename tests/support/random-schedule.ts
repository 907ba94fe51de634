/**
 * Agents that play random schedules of a sample's gold calls, for property tests of the scorer.
 * `valid`: every call only once its inputs (and `after` calls) were delivered, in random groups,
 * with random waits and empty turns; each answer once the result it reports was delivered, the last
 * once every call has been delivered. Such a schedule must be solved and can never beat the oracle.
 * `premature`: the same, except that one dependent call or one answer goes out before a result it
 * needs was delivered, with the value copied from the gold run: that must always be flagged.
 */
import { rngFor, type Rng } from '../../pipeline/core/rng.ts';
import { goldDag, type GoldDag, type GoldNode } from '../../pipeline/gold/graph.ts';
import { goldRunValues } from '../../pipeline/gold/reference.ts';
import type { EpisodeContext, Observation, SyncAgent, SyncSession, ToolCallRequest } from '../../pipeline/agents/agent.ts';
import { getPath, MISSING, resolveRefs } from '../../pipeline/world/refs.ts';

export interface Mischief {
  /** The gold call issued too early, or the task whose answer is submitted too early. */
  kind: 'call' | 'answer';
  target: number | string;
}

export function randomScheduleAgent(seed: number, mischief?: (dag: GoldDag, rng: Rng) => Mischief | undefined): SyncAgent {
  return {
    id: `random-schedule:${seed}`,
    start: (ctx) => new RandomSchedule(ctx, seed, mischief),
  };
}

class RandomSchedule implements SyncSession {
  private readonly dag: GoldDag;
  private readonly rng: Rng;
  /** 0 unissued, 1 in flight, 2 delivered, 3 given up. */
  private readonly state: Uint8Array;
  private readonly results: unknown[];
  private readonly handleOf: (string | undefined)[];
  private readonly byCall = new Map<string, number>();
  private readonly byHandle = new Map<string, number>();
  /** Optional calls this schedule makes (it skips the others). */
  private readonly doOptional: boolean[];
  private readonly answered = new Set<string>();
  private readonly mischief: Mischief | undefined;
  private readonly gold: () => ReturnType<typeof goldRunValues>;
  mischiefDone = false;
  private n = 0;

  constructor(ctx: EpisodeContext, seed: number, mischief?: (dag: GoldDag, rng: Rng) => Mischief | undefined) {
    this.dag = goldDag(ctx.sample, ctx.registry);
    this.rng = rngFor(seed, ctx.sample.id, 'random-schedule');
    this.state = new Uint8Array(this.dag.nodes.length);
    this.results = new Array(this.dag.nodes.length);
    this.handleOf = new Array(this.dag.nodes.length);
    this.doOptional = this.dag.nodes.map((n) => n.optional && this.rng.next() < 0.5);
    this.mischief = mischief?.(this.dag, this.rng);
    this.gold = () => goldRunValues(ctx.sample, ctx.registry);
  }

  info(): Record<string, string> {
    return { mischief: this.mischief ? `${this.mischief.kind}:${this.mischief.target}` : 'none', applied: String(this.mischiefDone) };
  }

  turn(obs: Observation): { content: null; toolCalls: ToolCallRequest[] } {
    for (const r of obs.toolResults) {
      const idx = this.byCall.get(r.toolCallId);
      if (idx === undefined) continue;
      if (r.outcome.status === 'pending') {
        this.byHandle.set(r.outcome.handle, idx);
        this.handleOf[idx] = r.outcome.handle;
      } else if (r.outcome.status !== 'waited') this.deliver(idx, r.outcome.status === 'ok' ? r.outcome.result : undefined);
    }
    for (const d of obs.deliveries) {
      const idx = this.byHandle.get(d.handle);
      if (idx !== undefined) this.deliver(idx, d.status === 'ok' ? d.result : undefined);
    }
    const calls: ToolCallRequest[] = [];
    const idle = this.rng.next() < 0.15;
    for (const node of this.rng.shuffle(this.dag.nodes)) {
      if (this.state[node.idx] !== 0 || (node.optional && !this.doOptional[node.idx])) continue;
      if (this.isMischief('call', node.idx) && this.prematureMoment(node)) {
        calls.push(this.issue(node, (p) => this.gold().results[p]?.result));
        this.mischiefDone = true;
      } else if (!idle && this.ready(node) && this.rng.next() < 0.7) {
        // After a premature call, what depends on it may have no value to read: that task is lost.
        if (node.refs.every((r) => getPath(this.results[r.node!], r.path) !== MISSING)) calls.push(this.issue(node));
        else this.state[node.idx] = 3;
      }
    }
    for (const task of this.rng.shuffle(this.dag.tasks)) {
      if (this.answered.has(task.id)) continue;
      const early = this.isMischief('answer', task.id) && 'node' in task.answer && this.state[task.answer.node] === 1;
      const known = task.answerNeeds.every((i) => this.state[i] === 2);
      const last = this.answered.size === this.dag.tasks.length - 1;
      if (early) {
        this.mischiefDone = true;
        calls.push(this.submit(task.id, this.gold().answers.get(task.id)));
      } else if (known && (!last || this.allDelivered()) && (last || this.rng.next() < 0.5)) {
        calls.push(this.submit(task.id, this.answerOf(task.id)));
      }
    }
    const pending = this.dag.nodes.filter((n) => this.state[n.idx] === 1 && this.handleOf[n.idx]);
    // Stuck after a premature call (a task lost): say so, rather than idle out the turn budget (100 000 turns in the property test).
    if (calls.length === 0 && this.stuck()) return { content: null, toolCalls: [{ id: this.id(), name: 'finish', args: {} }] };
    const r = this.rng.next();
    if (pending.length > 0 && r < 0.4) calls.push({ id: this.id(), name: 'wait', args: {} });
    else if (pending.length > 0 && r < 0.7) calls.push({ id: this.id(), name: 'wait', args: { handle: this.handleOf[this.rng.pick(pending).idx] } });
    return { content: null, toolCalls: calls };
  }

  private isMischief(kind: Mischief['kind'], target: number | string): boolean {
    return !this.mischiefDone && this.mischief?.kind === kind && this.mischief.target === target;
  }

  /** A moment to jump the gun: every input issued, at least one not yet delivered, and the gold run has their values. */
  private prematureMoment(node: GoldNode): boolean {
    const preds = node.gating;
    if (!preds.every((p) => this.state[p] !== 0) || !preds.some((p) => this.state[p] === 1)) return false;
    return node.refs.every((r) => getPath(this.state[r.node!] === 2 ? this.results[r.node!] : this.gold().results[r.node!]?.result, r.path) !== MISSING);
  }

  private ready(node: GoldNode): boolean {
    const optionalAfter = node.afterPreds.filter((p) => this.doOptional[p]);
    return [...node.gating, ...optionalAfter].every((p) => this.state[p] === 2);
  }

  /**
   * Whether nothing can change any more: no call in flight (so nothing will be delivered), no call
   * ready to issue and no answer ready to submit. Only a delivery or an issue moves the schedule on.
   */
  private stuck(): boolean {
    if (this.dag.nodes.some((n) => this.state[n.idx] === 1)) return false;
    if (this.dag.nodes.some((n) => this.state[n.idx] === 0 && (!n.optional || this.doOptional[n.idx]) && this.ready(n))) return false;
    const left = this.dag.tasks.filter((t) => !this.answered.has(t.id));
    return !left.some((t) => t.answerNeeds.every((i) => this.state[i] === 2) && (left.length > 1 || this.allDelivered()));
  }

  private allDelivered(): boolean {
    return this.dag.nodes.every((n) => this.state[n.idx]! >= 2 || (n.optional && !this.doOptional[n.idx]));
  }

  private deliver(idx: number, result: unknown): void {
    this.state[idx] = 2;
    this.results[idx] = result;
  }

  private issue(node: GoldNode, fallback?: (idx: number) => unknown): ToolCallRequest {
    const args =
      node.canon !== null
        ? node.args
        : (resolveRefs(node.args, (ref) => {
            const r = node.refs.find((x) => x.ref === ref)!;
            const value = this.state[r.node!] === 2 ? this.results[r.node!] : fallback?.(r.node!);
            return getPath(value, r.path);
          }) as Record<string, unknown>);
    const id = this.id();
    this.byCall.set(id, node.idx);
    this.state[node.idx] = 1;
    return { id, name: node.tool, args };
  }

  private answerOf(taskId: string): unknown {
    const task = this.dag.taskById.get(taskId)!;
    if ('literal' in task.answer) return task.answer.literal;
    const v = getPath(this.results[task.answer.node], task.answer.path);
    return v === MISSING ? null : v;
  }

  private submit(taskId: string, answer: unknown): ToolCallRequest {
    this.answered.add(taskId);
    return { id: this.id(), name: 'submit_answer', args: { task_id: taskId, answer } };
  }

  private id(): string {
    return `call_${++this.n}`;
  }
}
