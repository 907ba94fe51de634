import type { Trace, TraceCall } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import { canonicalArgs } from '../gold/args.ts';
import type { GoldDag, GoldNode, GoldTask } from '../gold/graph.ts';
import { deliveredBy, Matcher, violates } from '../gold/match.ts';
import { canonicalJson } from '../core/canonical.ts';

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
  // --ttl: expiry loses a result, not the call (docs/scoring.md). A write whose result expired still
  // stands for its write in issue order (its effect happened); an expired read stands for its gold
  // call only when no delivered copy does, so a read made again after expiry is the one that counts.
  const lostRead = (c: TraceCall) => c.lifecycle === 'expired' && !registry.fn(c.tool)?.def.mutates;
  for (const call of calls) if (!lostRead(call)) matcher.match(call);
  for (const call of calls) if (lostRead(call)) matcher.match(call);
  const matchedBy = matcher.matchedBy;
  assignTwins(dag, trace, matchedBy);
  const indexOf = new Map(calls.map((c, i) => [c, i]));
  for (const node of dag.nodes) {
    const call = matchedBy[node.idx];
    if (!call) continue;
    matchOf[indexOf.get(call)!] = node;
    if (violates(dag, node, call, matchedBy)) violations[node.idx] = 1;
  }
  const keyOf = (c: TraceCall) => `${c.tool}\u0000${canonicalArgs(registry.fn(c.tool)?.def, c.args)}`;
  const expected = dag.nodes.map((n) => (matchedBy[n.idx] ? undefined : (n.canon ?? matcher.expectedArgs(n))));
  const attempts: TraceCall[][] = dag.nodes.map(() => []);
  const attemptOf: (GoldNode | undefined)[] = new Array(calls.length);
  const pairOf: (GoldNode | undefined)[] = new Array(calls.length);
  const paired = new Array<boolean>(dag.nodes.length).fill(false);
  calls.forEach((call, i) => {
    if (matchOf[i] || call.status === 'rejected') return;
    const free = dag.byTool.get(call.tool)?.filter((n) => !matchedBy[n.idx]);
    if (!free || free.length === 0) return;
    const canon = canonicalArgs(free[0]!.def, call.args);
    // The reading that breaks no rule first: a call still running or failed may be the optional attempt the query allows.
    const rank = (n: GoldNode) => (violates(dag, n, call, matchedBy) ? 2 : 0) + (n.optional ? 0 : 1);
    const same = free.filter((n) => expected[n.idx] === canon).sort((a, b) => rank(a) - rank(b))[0];
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

/**
 * Identical gold calls (same tool, same arguments, same result) cannot be told apart, so which
 * agent call stands for which is chosen to give the fewest violations, counting the calls that
 * wait for them and the answers that report them. Results are equal within a group, so no other
 * match changes.
 */
function assignTwins(dag: GoldDag, trace: Trace, matchedBy: (TraceCall | undefined)[]): void {
  const groups = new Map<string, number[]>();
  for (const node of dag.nodes) {
    const call = matchedBy[node.idx];
    if (!call) continue;
    const key = `${node.tool}\u0000${canonicalArgs(node.def, call.args)}\u0000${canonicalJson(call.result ?? null)}`;
    const list = groups.get(key);
    if (list) list.push(node.idx);
    else groups.set(key, [node.idx]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const affected = [...new Set(group.flatMap((i) => [i, ...dag.nodes[i]!.succs]))];
    const tasks = dag.tasks.filter((t) => t.answerNeeds.some((i) => group.includes(i)));
    const cost = () =>
      affected.reduce((s, i) => s + (matchedBy[i] && violates(dag, dag.nodes[i]!, matchedBy[i]!, matchedBy) ? 1 : 0), 0) +
      tasks.filter((t) => answeredEarly(trace, t.id, t.answerNeeds, matchedBy)).length;
    const calls = group.map((i) => matchedBy[i]!);
    let best = cost();
    let bestOrder = calls;
    for (const order of permutations(calls, 6)) {
      group.forEach((i, k) => (matchedBy[i] = order[k]));
      const c = cost();
      if (c < best) {
        best = c;
        bestOrder = order;
      }
    }
    group.forEach((i, k) => (matchedBy[i] = bestOrder[k]));
  }
}

/** The last answer of a task came before a result it reports was delivered. */
export function answeredEarly(trace: Trace, taskId: string, needs: readonly number[], matchedBy: readonly (TraceCall | undefined)[]): boolean {
  let last: Trace['answers'][number] | undefined;
  for (const a of trace.answers) if (a.taskId === taskId) last = a;
  return last !== undefined && !needs.every((i) => deliveredBy(matchedBy[i], last!.turn));
}

/** Every order of a short list (a longer one keeps its order: twins that many are not worth the search). */
function* permutations<T>(items: readonly T[], max: number): Generator<T[]> {
  if (items.length > max) return;
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const p of permutations(rest, max)) yield [items[i]!, ...p];
  }
}
