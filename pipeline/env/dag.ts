import { canonicalJson } from '../core/canonical.ts';
import { rngFor } from '../core/rng.ts';
import type { Sample } from '../schema/sample.ts';
import type { Ref } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { collectRefs, isRef, parseRef, type PathPart } from '../world/refs.ts';
import { sampleLatency } from '../world/latency.ts';

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
  args: Record<string, unknown>;
  /** Canonical JSON of the arguments when they hold no reference (compared as is). */
  canon: string | null;
  /** Every reference inside the arguments. */
  refs: { ref: Ref }[];
  /** Gold calls whose result a reference reads (data edges). */
  refPreds: number[];
  /** Gold calls that must complete first with no value flowing (`after`). */
  afterPreds: number[];
  succs: number[];
  latency: number;
  mutates: boolean;
  expectError: boolean;
}

export interface GoldTask {
  id: string;
  index: number;
  toolkit: string;
  query: string;
  nodes: number[];
  /** The answer: a literal, or the node and path of a reference. */
  answer: { literal: unknown } | { node: number; path: PathPart[] };
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

/** The key of the gold call a reference inside task `taskId` points to. */
export function refKey(ref: Ref, taskId: string): { key: string; path: PathPart[] } {
  const { call, path } = parseRef(ref.$ref);
  return { key: `${ref.task ?? taskId}.${call}`, path };
}

/**
 * The gold dependency graph of a sample: references (within and across tasks) and `after`
 * lists, derived once per sample object (samples are never mutated).
 */
export function goldDag(sample: Sample, registry: Registry): GoldDag {
  const hit = memo.get(sample);
  if (hit) return hit;
  const nodes: GoldNode[] = [];
  const byKey = new Map<string, GoldNode>();
  for (const [taskIndex, task] of sample.tasks.entries()) {
    for (const call of task.calls) {
      const key = `${task.id}.${call.id}`;
      const fn = registry.fn(call.tool);
      const refs = collectRefs(call.args);
      const node: GoldNode = {
        idx: nodes.length,
        key,
        taskId: task.id,
        taskIndex,
        callId: call.id,
        tool: call.tool,
        toolkit: fn?.toolkit ?? task.toolkit,
        args: call.args,
        canon: refs.length > 0 ? null : canonicalJson(call.args),
        refPreds: [],
        afterPreds: [],
        succs: [],
        // A gold call the sample gives no latency for is timed like any unmatched call.
        latency: sample.latencies[key] ?? (fn ? sampleLatency(fn.def.latency, rngFor(sample.id, 'gold', key)) : 0),
        refs,
        mutates: fn?.def.mutates ?? false,
        expectError: call.expectError ?? false,
      };
      nodes.push(node);
      byKey.set(key, node);
    }
  }
  for (const task of sample.tasks) {
    for (const call of task.calls) {
      const node = byKey.get(`${task.id}.${call.id}`)!;
      for (const { ref } of node.refs) {
        const pred = byKey.get(refKey(ref, task.id).key);
        if (pred && !node.refPreds.includes(pred.idx)) node.refPreds.push(pred.idx);
      }
      for (const id of call.after ?? []) {
        const pred = byKey.get(`${task.id}.${id}`);
        if (pred && !node.afterPreds.includes(pred.idx)) node.afterPreds.push(pred.idx);
      }
      for (const p of [...node.refPreds, ...node.afterPreds]) if (!nodes[p]!.succs.includes(node.idx)) nodes[p]!.succs.push(node.idx);
    }
  }
  let first = 0;
  const tasks: GoldTask[] = sample.tasks.map((task, index) => {
    const own = nodes.slice(first, (first += task.calls.length));
    let answer: GoldTask['answer'] = { literal: task.answer };
    if (isRef(task.answer)) {
      const { key, path } = refKey(task.answer, task.id);
      const node = byKey.get(key);
      if (node) answer = { node: node.idx, path };
    }
    return { id: task.id, index, toolkit: task.toolkit, query: task.query, nodes: own.map((n) => n.idx), answer, writesState: own.some((n) => n.mutates) };
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
