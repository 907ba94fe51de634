import { defineAgent } from './entry.ts';
import { goldDag, type GoldDag, type GoldNode, type GoldTask } from '../gold/graph.ts';
import { goldRunValues } from '../gold/reference.ts';
import type { Mode } from '../schema/trace.ts';
import type { EpisodeContext, Observation, SyncAgent, ToolCallRequest } from './agent.ts';
import { GoldFollower } from './gold-follower.ts';
import { createOracle } from './oracle.ts';

/**
 * Agents that try to beat the scorer, each with one trick, so that tests (and anyone running
 * them) can see that no trick pays: each scores exactly as docs/scoring.md says, and none beats
 * the oracle on any headline metric.
 */
export const GAMING_KINDS = [
  /** Answers every task with "no idea" in its first turn. */
  'fast-wrong',
  /** Submits each answer, copied from the gold run, in the turn that issues the call producing it. */
  'answer-before-result',
  /** Issues every dependent call as soon as its inputs are issued, guessing their values (from the gold run). */
  'guess-ids',
  /** The honest list scheduler, except that it skips every call expected to fail (allowed). */
  'skip-doomed',
  /** The oracle, spelling out every documented default in its arguments (allowed: it must score exactly as the oracle). */
  'fill-defaults',
  /** One call at a time like the sequential agent, but polls with empty turns instead of waiting. */
  'poll',
  /** Makes every call twice. */
  'duplicate',
  /** Answers each task once its value is delivered, and the last one as soon as every call is issued. */
  'early-answer',
  /** Makes a call that reads another task's result as soon as that result arrives, ignoring its own task's `after` calls. */
  'eager-cross-task',
  /** The honest list scheduler, re-sending each call once while it is still running, using whichever copy comes back first. */
  'reissue',
  /** The honest list scheduler, sending each call twice and cancelling the copy a turn later (issue-then-cancel: a cancelled call is not free). */
  'cancel-copy',
] as const;
export type GamingKind = (typeof GAMING_KINDS)[number];

/** The agents-table line (agents/table.ts); the parameter is checked against `params` before `create`. */
export const gamingAgent = defineAgent({ prefix: 'gaming:', help: 'gaming:<kind>', params: GAMING_KINDS, defaultConcurrency: 64, create: (kind) => createGaming(kind) });

export function isGamingKind(kind: string): kind is GamingKind {
  return (GAMING_KINDS as readonly string[]).includes(kind);
}

export function createGaming(kind: GamingKind): SyncAgent {
  if (kind === 'fill-defaults') return createOracle('gaming:fill-defaults', withDefaults);
  return { id: `gaming:${kind}`, start: (ctx) => new Gamer(ctx, goldDag(ctx.sample, ctx.registry), ctx.mode, kind) };
}

class Gamer extends GoldFollower {
  /** How often the trick was played in this episode (a sample may offer it no chance). */
  private tricks = 0;
  /** Gold calls already sent a second time (reissue). */
  private readonly resent = new Set<number>();
  /** The arguments each gold call was first sent with. */
  private readonly argsSent = new Map<number, Record<string, unknown>>();
  /** cancel-copy: the ids of the copies sent, whose receipts name the handles to cancel. */
  private readonly copies = new Set<string>();

  constructor(
    private readonly ctx: EpisodeContext,
    dag: GoldDag,
    mode: Mode,
    private readonly kind: GamingKind,
  ) {
    super(dag, mode, ctx);
  }

  info(): Record<string, string> {
    return { tricks: String(this.tricks) };
  }

  plan(obs: Observation): ToolCallRequest[] {
    const k = this.kind;
    if (k === 'fast-wrong') {
      this.tricks = this.dag.tasks.length;
      return this.dag.tasks.map((t) => this.submit(t, 'no idea'));
    }
    if (k === 'poll') return this.pollOneAtATime();
    const calls: ToolCallRequest[] = k === 'cancel-copy' ? this.cancelCopies(obs) : [];
    const skip = (n: GoldNode) => k === 'skip-doomed' && n.optional;
    for (const node of this.dag.nodes) {
      if (!this.isUnissued(node.idx) || skip(node)) continue;
      if (k === 'guess-ids' && node.refPreds.length > 0 && this.inputsIssued(node) && this.resolvable(node, this.goldValue)) {
        calls.push(this.issue(node, node.tool, this.resolveArgs(node, this.goldValue)));
        this.tricks++;
      } else if (this.ready(node)) {
        const args = this.resolveArgs(node);
        calls.push(this.issue(node, node.tool, args));
        this.argsSent.set(node.idx, args);
        if (k === 'duplicate') calls.push(this.again(node, args));
        if (k === 'cancel-copy') {
          const copy = this.again(node, args);
          this.copies.add(copy.id);
          calls.push(copy);
        }
      }
    }
    if (k === 'reissue') {
      for (const node of this.dag.nodes) {
        const args = this.argsSent.get(node.idx);
        if (!args || this.isDelivered(node.idx) || this.resent.has(node.idx)) continue;
        this.resent.add(node.idx);
        calls.push(this.again(node, args));
        this.tricks++;
      }
    }
    for (const task of this.dag.tasks) {
      if (this.answered.has(task.id)) continue;
      const answer = this.answerNow(task);
      if (answer === NOT_YET) continue;
      if (k === 'answer-before-result' && !task.answerNeeds.every((i) => this.isDelivered(i))) this.tricks++;
      calls.push(this.submit(task, answer));
    }
    if (this.hasPending() && this.mode !== 'sync') calls.push(this.control('wait'));
    else if (!this.hasPending() && calls.length === 0) calls.push(this.control('finish'));
    return calls;
  }

  /** A cancel for each copy sent last turn (its receipt came back pending); a copy that finished at once is left alone. */
  private cancelCopies(obs: Observation): ToolCallRequest[] {
    const out: ToolCallRequest[] = [];
    for (const r of obs.toolResults) {
      if (!this.copies.has(r.toolCallId) || r.outcome.status !== 'pending') continue;
      out.push(this.control('cancel', { handle: r.outcome.handle }));
      this.tricks++;
    }
    return out;
  }

  private ready(node: GoldNode): boolean {
    if (this.kind === 'eager-cross-task' && node.refs.some((r) => r.node !== undefined && this.dag.nodes[r.node]!.taskId !== node.taskId)) {
      return node.refPreds.every((p) => this.isDelivered(p));
    }
    return this.predsDelivered(node, this.kind === 'skip-doomed');
  }

  /** The answer to submit this turn, or NOT_YET. */
  private answerNow(task: GoldTask): unknown {
    const k = this.kind;
    if (k === 'answer-before-result') {
      const started = task.required.every((i) => !this.isUnissued(i));
      return started ? this.goldAnswer(task) : NOT_YET;
    }
    if (k === 'early-answer') {
      const known = task.answerNeeds.every((i) => this.isDelivered(i));
      const last = this.answered.size === this.dag.tasks.length - 1;
      if (!known) return NOT_YET;
      if (!last) return this.answerOf(task);
      // The last answer goes out once nothing is left to issue, whether or not the calls finished.
      return this.dag.nodes.every((n) => !this.isUnissued(n.idx)) ? this.answerOf(task) : NOT_YET;
    }
    if (k === 'guess-ids') return this.taskDone(task) ? this.answerOf(task) : NOT_YET;
    const required = k === 'skip-doomed' ? task.required : task.nodes;
    return required.every((i) => this.isDelivered(i)) ? this.answerOf(task) : NOT_YET;
  }

  /** Sequential order, one call in flight, and an empty turn instead of every wait. */
  private pollOneAtATime(): ToolCallRequest[] {
    const calls: ToolCallRequest[] = [];
    for (const task of this.dag.tasks) {
      if (!this.answered.has(task.id) && this.taskDone(task)) calls.push(this.submit(task, this.answerOf(task)));
    }
    if (this.hasPending()) return calls;
    const next = this.dag.nodes.find((n) => this.isUnissued(n.idx) && this.predsDelivered(n));
    if (next) calls.push(this.issue(next, next.tool, this.resolveArgs(next)));
    else if (calls.length === 0) calls.push(this.control('finish'));
    return calls;
  }

  private inputsIssued(node: GoldNode): boolean {
    return node.refPreds.every((p) => !this.isUnissued(p)) && node.refPreds.some((p) => !this.isDelivered(p)) && node.afterPreds.every((p) => this.isDelivered(p));
  }

  private readonly goldValue = (idx: number): unknown => goldRunValues(this.ctx.sample, this.ctx.registry).results[idx]?.result;

  private goldAnswer(task: GoldTask): unknown {
    return goldRunValues(this.ctx.sample, this.ctx.registry).answers.get(task.id) ?? null;
  }

  /** The same call once more, with an id of its own (its result is not read). */
  private again(node: GoldNode, args: Record<string, unknown>): ToolCallRequest {
    return this.control(node.tool, args);
  }
}

const NOT_YET = Symbol('not yet');

/** The arguments with every documented default that was left out written in. */
function withDefaults(node: GoldNode, args: Record<string, unknown>): Record<string, unknown> {
  const props = (node.def?.parameters as { properties?: Record<string, { default?: unknown }> } | undefined)?.properties ?? {};
  const out = { ...args };
  for (const [name, schema] of Object.entries(props)) if (out[name] === undefined && schema && 'default' in schema) out[name] = schema.default;
  return out;
}
