import type { Trace, TraceCall } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import { canonicalArgs } from '../gold/args.ts';
import type { GoldDag, GoldNode, GoldTask } from '../gold/graph.ts';
import { Matcher, violates } from '../gold/match.ts';

/** How each agent call relates to the gold calls, as the scorer sees it. */
export interface Alignment {
  /** The agent call matched to each gold node. */
  matchedBy: (TraceCall | undefined)[];
  /** Per agent call: the gold node it matches, or the one it is paired with (same tool, other arguments), or neither. */
  matchOf: (GoldNode | undefined)[];
  pairOf: (GoldNode | undefined)[];
  /** Per agent call: the task it worked for, null when none can be told. */
  taskOfCall: (string | null)[];
  /** Per gold node: 1 when its matched call used a value before it was delivered. */
  violations: number[];
  /** Per agent call: an exact repeat of a matched call. */
  duplicate: boolean[];
  /** Per agent call: the unmatched gold node it had exactly the arguments of, though it failed or did not finish. */
  attemptOf: (GoldNode | undefined)[];
  /** Per gold node left unmatched: those attempts. */
  attempts: TraceCall[][];
}

/**
 * Matches the agent's calls to the gold calls (gold/match.ts, issue order), flags the ones that
 * used a value too early, pairs the leftover calls of a gold tool with the gold calls still free,
 * and attributes every call to a task.
 */
export function align(trace: Trace, dag: GoldDag, registry: Registry): Alignment {
  const matcher = new Matcher(dag, 'completed');
  const calls = trace.calls;
  const matchOf: (GoldNode | undefined)[] = new Array(calls.length);
  const violations = new Array<number>(dag.nodes.length).fill(0);
  calls.forEach((call, i) => {
    const node = matcher.match(call);
    if (!node) return;
    matchOf[i] = node;
    if (violates(dag, node, call, matcher.matchedBy)) violations[node.idx] = 1;
  });
  const matchedBy = matcher.matchedBy;
  const keyOf = (c: TraceCall) => `${c.tool}\u0000${canonicalArgs(registry.fn(c.tool)?.def, c.args)}`;
  const expected = dag.nodes.map((n) => (matchedBy[n.idx] ? undefined : (n.canon ?? matcher.expectedArgs(n))));
  const attempts: TraceCall[][] = dag.nodes.map(() => []);
  const attemptOf: (GoldNode | undefined)[] = new Array(calls.length);
  const pairOf: (GoldNode | undefined)[] = new Array(calls.length);
  const paired = new Array<boolean>(dag.nodes.length).fill(false);
  calls.forEach((call, i) => {
    if (matchOf[i] || call.status === 'rejected') return;
    const free = dag.byTool.get(call.tool)?.filter((n) => !matchedBy[n.idx] && !n.optional);
    if (!free || free.length === 0) return;
    const canon = canonicalArgs(free[0]!.def, call.args);
    const same = free.find((n) => expected[n.idx] === canon);
    if (same) {
      attempts[same.idx]!.push(call);
      attemptOf[i] = same;
    }
  });
  // An exact repeat of a matched call (a retry after a failure included) belongs to that call's task and is a wasted call.
  const matchedKeys = new Map<string, string>();
  calls.forEach((c, i) => {
    if (matchOf[i]) matchedKeys.set(keyOf(c), matchOf[i]!.taskId);
  });
  const duplicate = calls.map((c, i) => !matchOf[i] && !attemptOf[i] && c.status !== 'rejected' && matchedKeys.has(keyOf(c)));
  calls.forEach((call, i) => {
    if (matchOf[i] || attemptOf[i] || duplicate[i] || call.status === 'rejected') return;
    const node = dag.byTool.get(call.tool)?.find((n) => !matchedBy[n.idx] && !n.optional && !paired[n.idx] && attempts[n.idx]!.length === 0);
    if (node) {
      paired[node.idx] = true;
      pairOf[i] = node;
    }
  });
  const unfinished = (t: GoldTask) => t.required.some((n) => !matchedBy[n]);
  const taskOfCall = calls.map((c, i) => {
    const node = matchOf[i] ?? attemptOf[i] ?? pairOf[i];
    if (node) return node.taskId;
    if (duplicate[i]) return matchedKeys.get(keyOf(c))!;
    const toolkit = registry.fn(c.tool)?.toolkit;
    if (!toolkit) return null;
    // Otherwise the task most likely meant: one that uses this tool, then one of the same toolkit.
    const sameToolkit = dag.tasks.filter((t) => t.toolkit === toolkit);
    const usesTool = sameToolkit.filter((t) => t.nodes.some((n) => dag.nodes[n]!.tool === c.tool));
    return (usesTool.find(unfinished) ?? usesTool[0] ?? sameToolkit.find(unfinished) ?? sameToolkit[0])?.id ?? null;
  });
  return { matchedBy, matchOf, pairOf, attemptOf, taskOfCall, violations, duplicate, attempts };
}
