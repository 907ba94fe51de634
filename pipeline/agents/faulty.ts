import { defineAgent } from './entry.ts';
import { goldDag, type GoldDag, type GoldNode } from '../gold/graph.ts';
import { goldRunValues } from '../gold/reference.ts';
import type { Registry } from '../world/registry.ts';
import type { EpisodeContext, SyncAgent } from './agent.ts';
import { ListScheduler, type Fault } from './oracle.ts';

/** Each faulty agent is the oracle with exactly one kind of mistake, to prove the scorer sees it. */
export const FAULT_KINDS = ['premature', 'forgotten-task', 'wrong-tool', 'wrong-argument', 'hallucinated-function', 'early-finish', 'wrong-answer'] as const;
/** Mistakes with the delivery protocol (docs/protocols.md); never-fetch applies only where results are not pushed. */
export const PROTOCOL_FAULT_KINDS = ['never-fetch', 'receipt-as-result', 'no-retry', 'impatient'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number] | (typeof PROTOCOL_FAULT_KINDS)[number];

/** The agents-table line (agents/table.ts); the parameter is checked against `params` before `create`. */
export const faultyAgent = defineAgent({
  prefix: 'faulty:',
  help: 'faulty:<kind>',
  params: [...FAULT_KINDS, ...PROTOCOL_FAULT_KINDS],
  defaultConcurrency: 64,
  create: (kind) => createFaulty(kind),
});

export function isFaultKind(kind: string): kind is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(kind) || (PROTOCOL_FAULT_KINDS as readonly string[]).includes(kind);
}

/** The fault for a sample, or undefined when the sample offers no place for it (the agent then acts as the oracle). */
function faultFor(kind: FaultKind, ctx: EpisodeContext): Fault | undefined {
  const { sample, registry } = ctx;
  const dag = goldDag(sample, registry);
  const gold = () => goldRunValues(sample, registry);
  switch (kind) {
    case 'premature': {
      // A dependent call no slower than its inputs completes after them, and one that only reads
      // races with nothing, so the copied value still works: only the protocol is broken.
      // An `after` input still gates the call, so in the gold run it must arrive before the data inputs.
      const arrival = new Map(gold().trace.calls.map((c) => [c.gold, c.deliveredTurn ?? Infinity]));
      const turnOf = (idx: number) => arrival.get(dag.nodes[idx]!.key) ?? Infinity;
      const dependent = dag.nodes.filter((n) => n.refPreds.length > 0 && Math.max(-1, ...n.afterPreds.map(turnOf)) < Math.max(...n.refPreds.map(turnOf)));
      const node = dependent.find((n) => n.refPreds.every((p) => dag.nodes[p]!.latency <= n.latency)) ?? dependent.find((n) => !n.mutates && n.refPreds.every((p) => !dag.nodes[p]!.mutates));
      return node && { premature: { node: node.idx, values: (idx) => gold().results[idx]?.result } };
    }
    case 'forgotten-task': {
      const needed = new Set(
        dag.nodes.flatMap((n) =>
          n.refPreds
            .concat(n.afterPreds)
            .filter((p) => dag.nodes[p]!.taskId !== n.taskId)
            .map((p) => dag.nodes[p]!.taskId),
        ),
      );
      const task = [...dag.tasks].reverse().find((t) => !needed.has(t.id));
      return task && { skipTask: task.id };
    }
    case 'wrong-tool': {
      const node = leaf(dag);
      const tool = node && otherTool(node, sample.tools, registry);
      return node && tool ? withGoldAnswer(dag, node, gold, { node: node.idx, tool }) : undefined;
    }
    case 'hallucinated-function': {
      const node = leaf(dag);
      return node && withGoldAnswer(dag, node, gold, { node: node.idx, tool: `${node.tool}_v2` });
    }
    case 'wrong-argument': {
      const node = leaf(dag, (n) => Object.keys(n.args).length > 0);
      return node && withGoldAnswer(dag, node, gold, { node: node.idx, tool: node.tool, args: perturbOneArgument });
    }
    case 'early-finish':
      return dag.tasks.length > 1 ? { finishWhenAllStarted: true } : undefined;
    case 'never-fetch':
      return (ctx.delivery ?? 'push') === 'push' || ctx.mode === 'sync' ? undefined : { neverFetch: true };
    case 'receipt-as-result':
      return { receiptAsAnswer: true };
    case 'no-retry':
      // Only where a call fails late (--late-failure): the agent never calls it again.
      return dag.nodes.some((n) => n.attempt) ? { noRetry: true } : undefined;
    case 'impatient':
      // Every call still running one turn after it was issued is cancelled and made again: right calls, time lost.
      return ctx.mode === 'sync' ? undefined : { impatient: true };
    case 'wrong-answer': {
      const task = dag.tasks[0]!;
      return { answer: { taskId: task.id, value: perturb(gold().answers.get(task.id)) } };
    }
  }
}

export function createFaulty(kind: FaultKind): SyncAgent {
  return {
    id: `faulty:${kind}`,
    start: (ctx) => {
      const fault = faultFor(kind, ctx);
      const session = new ListScheduler(goldDag(ctx.sample, ctx.registry), ctx.mode, fault, ctx);
      return Object.assign(session, { info: () => ({ fault: fault ? kind : 'none applicable' }) });
    },
  };
}

/** A gold call nothing depends on, so the mistake stays local to one step. */
function leaf(dag: GoldDag, extra: (n: GoldNode) => boolean = () => true): GoldNode | undefined {
  return dag.nodes.find((n) => n.succs.length === 0 && !n.optional && extra(n));
}

/** When the spoiled call is the one the answer reads, the agent still submits the gold answer. */
function withGoldAnswer(dag: GoldDag, node: GoldNode, gold: () => { answers: Map<string, unknown> }, replace: NonNullable<Fault['replace']>): Fault {
  const task = dag.taskById.get(node.taskId)!;
  const readsIt = 'node' in task.answer && task.answer.node === node.idx;
  return readsIt ? { replace, goldAnswers: new Map([[task.id, gold().answers.get(task.id)]]) } : { replace };
}

/** Another offered function: same toolkit and read-only first, so the mistake writes nothing. */
function otherTool(node: GoldNode, tools: readonly string[], registry: Registry): string | undefined {
  const others = tools.filter((t) => t !== node.tool && registry.fn(t));
  const rank = (t: string) => (registry.fn(t)!.toolkit === node.toolkit ? 0 : 2) + (registry.fn(t)!.def.mutates ? 1 : 0);
  return others.sort((a, b) => rank(a) - rank(b))[0];
}

/** The first argument with a plain value (literal or delivered) gets another value of the same type. */
function perturbOneArgument(args: Record<string, unknown>): Record<string, unknown> {
  const key = Object.keys(args).find((k) => ['string', 'number', 'boolean'].includes(typeof args[k])) ?? Object.keys(args)[0]!;
  return { ...args, [key]: perturb(args[key]) };
}

function perturb(value: unknown): unknown {
  if (typeof value === 'string') return `${value}-x`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  return 'not the answer';
}
