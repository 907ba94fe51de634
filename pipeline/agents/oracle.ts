import { goldDag, type GoldDag, type GoldNode } from '../env/dag.ts';
import type { Mode } from '../schema/trace.ts';
import type { EpisodeContext, Observation, SyncAgent, ToolCallRequest } from './agent.ts';
import { GoldFollower } from './gold-follower.ts';

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
}

/**
 * List scheduling on the gold DAG: every turn, submit the answers of finished tasks and issue
 * every call whose inputs have been delivered; wait only when nothing else is ready.
 */
export class ListScheduler extends GoldFollower {
  constructor(
    dag: GoldDag,
    mode: Mode,
    private readonly fault: Fault = {},
  ) {
    super(dag, mode);
  }

  plan(_obs: Observation): ToolCallRequest[] {
    const f = this.fault;
    const calls: ToolCallRequest[] = [];
    for (const task of this.dag.tasks) {
      if (this.answered.has(task.id) || task.id === f.skipTask || !this.taskDone(task)) continue;
      const answer = f.answer?.taskId === task.id ? f.answer.value : f.goldAnswers?.has(task.id) ? f.goldAnswers.get(task.id) : this.answerOf(task);
      calls.push(this.submit(task, answer));
    }
    for (const node of this.dag.nodes) {
      if (!this.isUnissued(node.idx) || node.taskId === f.skipTask) continue;
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

  private prematureReady(node: GoldNode, values: (idx: number) => unknown): boolean {
    return (
      node.refPreds.every((p) => !this.isUnissued(p)) &&
      node.afterPreds.every((p) => this.isDelivered(p)) &&
      this.resolvable(node, values)
    );
  }
}

export function createOracle(): SyncAgent {
  return { id: 'oracle', start: (ctx: EpisodeContext) => new ListScheduler(goldDag(ctx.sample, ctx.registry), ctx.mode) };
}
