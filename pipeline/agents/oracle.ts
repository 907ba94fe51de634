import { defineAgent } from './entry.ts';
import { goldDag, type GoldDag, type GoldNode, type GoldTask } from '../gold/graph.ts';
import { optimalPlan, type Plan } from '../gold/plan.ts';
import type { Mode } from '../schema/trace.ts';
import type { EpisodeContext, Observation, SyncAgent, ToolCallRequest } from './agent.ts';
import { GoldFollower, type Protocol } from './gold-follower.ts';

/** One deliberate deviation from list scheduling, used by the faulty agents. */
export interface Fault {
  /** Never touch this task (and finish once the others are answered). */
  skipTask?: string;
  /** Issue this (leaf) gold call with another tool, or with arguments changed by `args`. */
  replace?: { node: number; tool: string; args?: (resolved: Record<string, unknown>) => Record<string, unknown> };
  /** Issue this call as soon as its data predecessors are issued, copying their values from the gold run. */
  premature?: { node: number; values: (idx: number) => unknown };
  /** Call finish as soon as every task has been started. */
  finishWhenAllStarted?: boolean;
  /** Submit this answer for this task instead of the one its results give. */
  answer?: { taskId: string; value: unknown };
  /** Answers to submit for tasks whose results the agent spoiled on purpose (so only the intended metric drops). */
  goldAnswers?: Map<string, unknown>;
  /** Never fetch a result (poll, notify, silent); give up once nothing is left running. */
  neverFetch?: boolean;
  /** Answer each task with the pending receipt of the call its answer reads, as soon as that call is issued. */
  receiptAsAnswer?: boolean;
  /** Never retry a call that failed late (a gold call that waits for a doomed first attempt). */
  noRetry?: boolean;
  /** Cancel every call still running one turn after it was issued and make it again (once per call). */
  impatient?: boolean;
}

/**
 * List scheduling on the gold DAG: every turn, submit the answers of finished tasks and issue
 * every call whose inputs have been delivered; wait only when nothing else is ready. The faulty
 * agents are this with one mistake each.
 */
export class ListScheduler extends GoldFollower {
  constructor(
    dag: GoldDag,
    mode: Mode,
    private readonly fault: Fault = {},
    protocol: Partial<Protocol> = {},
  ) {
    super(dag, mode, protocol);
    if (fault.neverFetch) this.fetching = false;
  }

  /** faulty:impatient: the turn each call was last issued in, and the calls it cancelled (each is cancelled once). */
  private readonly issuedIn = new Map<number, number>();
  private readonly cancelled = new Set<number>();
  private readonly cancelFor = new Map<string, number>();
  private turnNow = 0;

  plan(obs: Observation): ToolCallRequest[] {
    const f = this.fault;
    this.turnNow = obs.turn;
    const calls: ToolCallRequest[] = [];
    // It ends its turn "waiting" until there is nothing left to wait for, then stops.
    if (f.neverFetch && obs.toolResults.some((r) => r.name === 'wait' && r.outcome.status === 'rejected')) return [this.control('finish')];
    if (f.receiptAsAnswer) calls.push(...this.receiptAnswers());
    if (f.impatient) calls.push(...this.cancelSlow(obs));
    for (const task of this.dag.tasks) {
      if (this.answered.has(task.id) || task.id === f.skipTask || !this.taskDone(task)) continue;
      const answer = f.answer?.taskId === task.id ? f.answer.value : f.goldAnswers?.has(task.id) ? f.goldAnswers.get(task.id) : this.answerOf(task);
      calls.push(this.submit(task, answer));
    }
    for (const node of this.dag.nodes) {
      if (!this.isUnissued(node.idx) || node.taskId === f.skipTask) continue;
      if (f.noRetry && node.afterPreds.some((p) => this.dag.nodes[p]!.attempt)) continue;
      if (f.premature?.node === node.idx && this.prematureReady(node, f.premature.values)) {
        calls.push(this.issue(node, node.tool, this.resolveArgs(node, f.premature.values)));
      } else if (this.predsDelivered(node)) {
        const r = f.replace?.node === node.idx ? f.replace : undefined;
        const args = this.resolveArgs(node);
        calls.push(this.issue(node, r?.tool ?? node.tool, r?.args ? r.args(args) : args));
      }
    }
    const unanswered = this.dag.tasks.some((t) => !this.answered.has(t.id));
    if (f.finishWhenAllStarted && unanswered && this.dag.tasks.every((t) => this.started.has(t.id))) {
      calls.push(this.control('finish'));
    } else if (this.hasPending()) {
      if (this.mode !== 'sync') calls.push(this.control('wait'));
    } else if (unanswered && calls.every((c) => c.name === 'submit_answer')) {
      // Nothing in flight and nothing left to issue: the rest cannot be done.
      calls.push(this.control('finish'));
    }
    return calls;
  }

  /**
   * Calls issued before this turn and still not delivered get a cancel; a call whose cancel was
   * answered `cancelled` is forgotten, so the loop below makes it again. A cancel rejected because
   * the call had finished (poll: done but not fetched yet) leaves it to arrive as usual.
   */
  private cancelSlow(obs: Observation): ToolCallRequest[] {
    for (const r of obs.toolResults) {
      const idx = this.cancelFor.get(r.toolCallId);
      if (idx !== undefined && r.outcome.status === 'cancelled') this.forget(idx);
    }
    const out: ToolCallRequest[] = [];
    for (const node of this.dag.nodes) {
      const issuedIn = this.issuedIn.get(node.idx);
      if (issuedIn === undefined || issuedIn >= obs.turn || !this.isIssued(node.idx) || this.cancelled.has(node.idx)) continue;
      this.cancelled.add(node.idx);
      const cancel = this.control('cancel', { handle: this.handleOf[node.idx] });
      this.cancelFor.set(cancel.id, node.idx);
      out.push(cancel);
    }
    return out;
  }

  protected override issue(node: GoldNode, tool: string, args: Record<string, unknown>): ToolCallRequest {
    this.issuedIn.set(node.idx, this.turnNow);
    return super.issue(node, tool, args);
  }

  /** The receipt ({"status": "pending", "handle": ...}) of the call each task's answer reads (its last call for a literal answer), once issued. */
  private receiptAnswers(): ToolCallRequest[] {
    const out: ToolCallRequest[] = [];
    for (const task of this.dag.tasks) {
      const node = 'node' in task.answer ? task.answer.node : task.required.at(-1);
      const handle = node === undefined ? undefined : this.handleOf[node];
      if (this.answered.has(task.id) || handle === undefined) continue;
      out.push(this.submit(task, { status: 'pending', handle }));
    }
    return out;
  }

  private prematureReady(node: GoldNode, values: (idx: number) => unknown): boolean {
    return node.refPreds.every((p) => !this.isUnissued(p)) && node.afterPreds.every((p) => this.isDelivered(p)) && this.resolvable(node, values);
  }
}

/**
 * The oracle: it follows the optimal plan of the sample (gold/plan.ts), so that no agent can
 * solve a sample faster. It makes only the required gold calls (a call expected to fail is
 * skipped), each as soon as its inputs are delivered; it waits for the completion the plan names;
 * it submits each answer once the result it reports is delivered, and the last one in the plan's
 * final turn, waiting in it for the calls still running. With --ttl the plan is made under the TTL, so
 * no result it needs expires (or a read is re-sent where that is faster). In sync mode, or if the episode leaves the plan
 * (a call failed that should not have), it falls back to list scheduling.
 */
class Oracle extends GoldFollower {
  private readonly schedule: Plan | undefined;
  private turnIndex = 0;
  private onPlan: boolean;

  constructor(
    dag: GoldDag,
    mode: Mode,
    protocol: Protocol,
    private readonly spell: (node: GoldNode, args: Record<string, unknown>) => Record<string, unknown> = (_n, args) => args,
  ) {
    super(dag, mode, protocol);
    const turnCost = protocol.turnCost;
    // --ttl: the plan hands every needed result over before it expires (or re-sends a read where that is faster).
    const ttl = protocol.lifecycle?.ttl;
    this.schedule = mode === 'sync' ? undefined : optimalPlan(dag, turnCost, { ...(mode === 'instant' ? { latencyOf: () => 0 } : {}), ...(ttl === undefined ? {} : { ttl }) });
    this.onPlan = this.schedule !== undefined;
  }

  plan(obs: Observation): ToolCallRequest[] {
    let step = this.onPlan ? this.schedule!.turns[this.turnIndex++] : undefined;
    if (step && (step.start !== obs.now || !this.handlesPredicted)) {
      this.onPlan = false;
      step = undefined;
    }
    // On the plan it knows when each call completes, so it fetches only what is done: no wasted poll.
    this.preciseFetch = step !== undefined;
    const calls: ToolCallRequest[] = [];
    for (const node of this.dag.nodes) {
      if ((!node.optional || node.attempt) && this.isUnissued(node.idx) && this.predsDelivered(node, true)) calls.push(this.issue(node, node.tool, this.spell(node, this.resolveArgs(node))));
    }
    const known = this.dag.tasks.filter((t) => !this.answered.has(t.id) && this.answerKnown(t, step !== undefined));
    // The last answer ends the episode: on the plan it waits for the final turn, when every call has been issued.
    const holdOne = step !== undefined && !step.final && known.length === this.dag.tasks.length - this.answered.size;
    for (const task of holdOne ? known.slice(1) : known) calls.push(this.submit(task, this.answerOf(task)));
    if (step) {
      if (step.waitFor !== null) calls.push(this.control('wait', { handle: this.handleOf[step.waitFor] }));
      return calls;
    }
    const unanswered = this.dag.tasks.some((t) => !this.answered.has(t.id));
    if (this.hasPending()) {
      if (this.mode !== 'sync') calls.push(this.control('wait'));
    } else if (unanswered && calls.every((c) => c.name === 'submit_answer')) {
      calls.push(this.control('finish'));
    }
    return calls;
  }

  /** On the plan, an answer is due once what it reports is delivered; off it, once the task's required calls all are. */
  private answerKnown(task: GoldTask, onPlan: boolean): boolean {
    const needs = onPlan ? task.answerNeeds : task.required;
    return needs.every((i) => this.isDelivered(i)) && task.required.every((i) => !this.isUnissued(i));
  }
}

/** `spell` rewrites the arguments of each call (gaming:fill-defaults spells out the defaults); the oracle itself sends them as the gold path has them. */
/** The agents-table line (agents/table.ts). */
export const oracleAgent = defineAgent({ prefix: 'oracle', help: 'oracle', defaultConcurrency: 64, create: () => createOracle() });

export function createOracle(id = 'oracle', spell?: (node: GoldNode, args: Record<string, unknown>) => Record<string, unknown>): SyncAgent {
  return { id, start: (ctx: EpisodeContext) => new Oracle(goldDag(ctx.sample, ctx.registry), ctx.mode, ctx, spell) };
}
