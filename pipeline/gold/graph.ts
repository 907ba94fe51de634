import { rngFor } from '../core/rng.ts';
import { isAttemptId } from './attempts.ts';
import type { Sample } from '../schema/sample.ts';
import type { AnswerMatch, Ref } from '../schema/task.ts';
import type { FunctionDef } from '../schema/toolkit.ts';
import type { Registry } from '../world/registry.ts';
import { isRef, type PathPart } from '../world/refs.ts';
import { sampleLatency } from '../world/latency.ts';
import { queryMentions } from '../validate/literals.ts';
import { canonicalArgs } from './args.ts';
import { callEdges, refEdge } from './edges.ts';

/** One gold call of a sample, with its place in the dependency graph. */
export interface GoldNode {
  idx: number;
  /** `T1.c2` */
  key: string;
  taskId: string;
  taskIndex: number;
  callId: string;
  tool: string;
  toolkit: string;
  def: FunctionDef | undefined;
  args: Record<string, unknown>;
  /** Canonical arguments (schema defaults filled) when they hold no reference; compared as is. */
  canon: string | null;
  /** Every reference inside the arguments, with the node it reads (undefined when it points nowhere). */
  refs: { ref: Ref; node: number | undefined; path: PathPart[] }[];
  /** Gold calls whose result a reference reads (data edges). */
  refPreds: number[];
  /** Gold calls that must be done first with no value flowing (`after`). */
  afterPreds: number[];
  /** What the call must wait for, as an agent may schedule it: data inputs and `after` calls, passing through optional ones. */
  gating: number[];
  succs: number[];
  latency: number;
  mutates: boolean;
  /** Expected to fail (`expectError`): the agent may make it or skip it. */
  optional: boolean;
  /** A doomed first attempt (gold/attempts.ts): optional for scoring, yet it gates its retry. */
  attempt: boolean;
}

export interface GoldTask {
  id: string;
  index: number;
  toolkit: string;
  query: string;
  nodes: number[];
  /** The gold calls the task cannot be solved without (all but the optional ones). */
  required: number[];
  /** The answer: a literal, or the node and path of a reference. */
  answer: { literal: unknown } | { node: number; path: PathPart[] };
  /**
   * Gold calls whose results must have been delivered before the answer is known: the call a
   * reference reads; none for a literal the query states; every required call for any other literal.
   */
  answerNeeds: number[];
  answerMatch: AnswerMatch;
  /** Some required call changes state. */
  writesState: boolean;
}

export interface GoldDag {
  sample: Sample;
  nodes: GoldNode[];
  tasks: GoldTask[];
  byKey: Map<string, GoldNode>;
  byTool: Map<string, GoldNode[]>;
  taskById: Map<string, GoldTask>;
}

const memo = new WeakMap<Sample, GoldDag>();

/**
 * The gold model of a sample: its calls, the dependency graph (references within and across tasks,
 * `after` lists), latencies and answers, derived once per sample object (samples are never mutated).
 * Engine, agents, scorer, stages and reports all read this one graph.
 */
export function goldDag(sample: Sample, registry: Registry): GoldDag {
  const hit = memo.get(sample);
  if (hit) return hit;
  const nodes: GoldNode[] = [];
  const byKey = new Map<string, GoldNode>();
  const edgesOf = sample.tasks.map((task) => callEdges(task));
  for (const [taskIndex, task] of sample.tasks.entries()) {
    for (const call of task.calls) {
      const key = `${task.id}.${call.id}`;
      const fn = registry.fn(call.tool);
      const node: GoldNode = {
        idx: nodes.length,
        key,
        taskId: task.id,
        taskIndex,
        callId: call.id,
        tool: call.tool,
        toolkit: fn?.toolkit ?? task.toolkit,
        def: fn?.def,
        args: call.args,
        canon: null,
        refs: [],
        refPreds: [],
        afterPreds: [],
        gating: [],
        succs: [],
        // A gold call the sample gives no latency for is timed like any unmatched call.
        latency: sample.latencies[key] ?? (fn ? sampleLatency(fn.def.latency, rngFor(sample.id, 'gold', key)) : 0),
        mutates: fn?.def.mutates ?? false,
        optional: call.expectError ?? false,
        attempt: isAttemptId(call.id),
      };
      nodes.push(node);
      byKey.set(key, node);
    }
  }
  sample.tasks.forEach((task, ti) => {
    for (const e of edgesOf[ti]!) {
      const node = byKey.get(`${task.id}.${e.id}`)!;
      node.refs = e.refs.map((r) => ({ ref: r.ref, node: r.call === null ? undefined : byKey.get(`${r.task}.${r.call}`)?.idx, path: r.path }));
      if (node.refs.length === 0) node.canon = canonicalArgs(node.def, node.args);
      for (const r of node.refs) if (r.node !== undefined && !node.refPreds.includes(r.node)) node.refPreds.push(r.node);
      for (const id of e.after) {
        const pred = byKey.get(`${task.id}.${id}`);
        if (pred && !node.afterPreds.includes(pred.idx)) node.afterPreds.push(pred.idx);
      }
      for (const p of [...node.refPreds, ...node.afterPreds]) if (!nodes[p]!.succs.includes(node.idx)) nodes[p]!.succs.push(node.idx);
    }
  });
  for (const n of nodes) n.gating = gatingOf(nodes, n);
  let first = 0;
  const tasks: GoldTask[] = sample.tasks.map((task, index) => {
    const own = nodes.slice(first, (first += task.calls.length));
    const required = own.filter((n) => !n.optional).map((n) => n.idx);
    let answer: GoldTask['answer'] = { literal: task.answer };
    let answerNeeds = required;
    if (isRef(task.answer)) {
      const r = refEdge(task.answer, '', task.id);
      const node = r.call === null ? undefined : byKey.get(`${r.task}.${r.call}`);
      if (node) {
        answer = { node: node.idx, path: r.path };
        answerNeeds = [node.idx];
      }
    } else if (statedIn(task.query, task.answer)) {
      answerNeeds = [];
    }
    return {
      id: task.id,
      index,
      toolkit: task.toolkit,
      query: task.query,
      nodes: own.map((n) => n.idx),
      required,
      answer,
      answerNeeds,
      answerMatch: task.answerMatch ?? {},
      writesState: required.some((i) => nodes[i]!.mutates),
    };
  });
  const byTool = new Map<string, GoldNode[]>();
  for (const n of nodes) {
    const list = byTool.get(n.tool);
    if (list) list.push(n);
    else byTool.set(n.tool, [n]);
  }
  const dag: GoldDag = { sample, nodes, tasks, byKey, byTool, taskById: new Map(tasks.map((t) => [t.id, t])) };
  memo.set(sample, dag);
  return dag;
}

/** A literal answer the query itself states is known before any call (an echo, a yes/no the text gives). */
function statedIn(query: string, answer: unknown): boolean {
  if (typeof answer === 'string') return answer.trim() !== '' && queryMentions(query, answer);
  if (typeof answer === 'number') return queryMentions(query, answer);
  return false;
}

/**
 * Predecessors that gate a call: its data inputs and its `after` calls. An optional `after` call
 * (expected to fail) may be skipped, so it gates nothing itself, but what it had to wait for
 * still comes first.
 */
function gatingOf(nodes: readonly GoldNode[], node: GoldNode): number[] {
  const out = new Set(node.refPreds);
  const visit = (p: number): void => {
    const pred = nodes[p]!;
    if (!pred.optional || pred.attempt) out.add(p);
    else for (const q of [...pred.refPreds, ...pred.afterPreds]) visit(q);
  };
  for (const p of node.afterPreds) visit(p);
  return [...out];
}
