import { defineAgent } from './entry.ts';
import { goldDag, type GoldDag } from '../gold/graph.ts';
import type { Mode } from '../schema/trace.ts';
import type { Observation, SyncAgent, ToolCallRequest } from './agent.ts';
import { GoldFollower, type Protocol } from './gold-follower.ts';

/**
 * One task after another, one call at a time, waiting for every result before the next call;
 * a finished task's answer goes out with the next call.
 */
class SequentialScheduler extends GoldFollower {
  private readonly order: number[];

  constructor(dag: GoldDag, mode: Mode, protocol: Protocol) {
    super(dag, mode, protocol);
    this.order = taskOrder(dag).flatMap((t) => dag.tasks[t]!.nodes);
  }

  plan(_obs: Observation): ToolCallRequest[] {
    const calls: ToolCallRequest[] = [];
    for (const task of this.dag.tasks) {
      if (!this.answered.has(task.id) && this.taskDone(task)) calls.push(this.submit(task, this.answerOf(task)));
    }
    if (this.hasPending()) {
      if (this.mode !== 'sync') calls.push(this.control('wait'));
      return calls;
    }
    const next = this.order.find((i) => this.isUnissued(i));
    if (next !== undefined && this.predsDelivered(this.dag.nodes[next]!)) {
      const node = this.dag.nodes[next]!;
      calls.push(this.issue(node, node.tool, this.resolveArgs(node)));
      if (this.mode !== 'sync') calls.push(this.control('wait'));
    } else if (this.dag.tasks.some((t) => !this.answered.has(t.id))) {
      calls.push(this.control('finish'));
    }
    return calls;
  }
}

/** Tasks in sample order, except that a task comes after every task it references. */
function taskOrder(dag: GoldDag): number[] {
  const needs = dag.tasks.map(
    (t) =>
      new Set(
        t.nodes
          .flatMap((i) => dag.nodes[i]!.refPreds.concat(dag.nodes[i]!.afterPreds))
          .map((p) => dag.nodes[p]!.taskIndex)
          .filter((ti) => ti !== t.index),
      ),
  );
  const done: number[] = [];
  while (done.length < dag.tasks.length) {
    const next = dag.tasks.findIndex((_, i) => !done.includes(i) && [...needs[i]!].every((n) => done.includes(n)));
    // A cycle between tasks cannot be solved in any order; keep sample order for the rest.
    done.push(next >= 0 ? next : dag.tasks.findIndex((_, i) => !done.includes(i)));
  }
  return done;
}

/** The agents-table line (agents/table.ts). */
export const sequentialAgent = defineAgent({ prefix: 'sequential', help: 'sequential', defaultConcurrency: 64, create: () => createSequential() });

export function createSequential(): SyncAgent {
  return { id: 'sequential', start: (ctx) => new SequentialScheduler(goldDag(ctx.sample, ctx.registry), ctx.mode, ctx) };
}
