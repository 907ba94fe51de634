import { canonicalJson } from '../core/canonical.ts';
import type { Sample } from '../schema/sample.ts';
import type { Trace, TraceCall } from '../schema/trace.ts';
import type { EpisodeScore, FailureMode, TaskScore } from '../schema/result.ts';
import type { Registry } from '../world/registry.ts';
import { getPath, MISSING } from '../world/refs.ts';
import { goldDag, type GoldDag, type GoldNode, type GoldTask } from '../env/dag.ts';
import { Matcher } from '../env/match.ts';
import { goldReference } from '../env/reference.ts';
import { valuesMatch } from '../core/normalize.ts';
import { efficiencyScore } from './efficiency.ts';

/** How each agent call relates to the gold calls. */
export interface Alignment {
  matchedBy: (TraceCall | undefined)[];
  /** Gold node matched exactly by each call, or tool-paired (same tool, other arguments), or neither. */
  matchOf: (GoldNode | undefined)[];
  pairOf: (GoldNode | undefined)[];
  taskOfCall: (string | null)[];
  violations: number[];
  duplicate: boolean[];
}

/**
 * Scores one episode from its trace and sample alone (pure, linear in calls), so a saved
 * trace can be re-scored later. See docs/summary-keys.md for the definitions.
 */
export function scoreSample(sample: Sample, trace: Trace, registry: Registry): EpisodeScore {
  const dag = goldDag(sample, registry);
  const a = align(sample, trace, dag, registry);
  const lastAnswer = new Map<string, unknown>();
  for (const ans of trace.answers) lastAnswer.set(ans.taskId, ans.answer);

  const touched = new Set(a.taskOfCall.filter((t): t is string => t !== null));
  const strayWrite = new Set<string>();
  trace.calls.forEach((c, i) => {
    if (!a.matchOf[i] && c.status === 'ok' && registry.fn(c.tool)?.def.mutates && a.taskOfCall[i]) strayWrite.add(a.taskOfCall[i]!);
  });

  const tasks: TaskScore[] = dag.tasks.map((task) => {
    const matchedCalls = task.nodes.filter((i) => a.matchedBy[i]).length;
    const dependencyViolations = task.nodes.reduce((s, i) => s + a.violations[i]!, 0);
    const answered = lastAnswer.has(task.id);
    const answerMatches = answered && valuesMatch(lastAnswer.get(task.id), expectedAnswer(sample, registry, task, a.matchedBy));
    const stateMatches = !task.writesState || !strayWrite.has(task.id);
    const allCallsMatched = matchedCalls === task.nodes.length;
    return {
      taskId: task.id,
      toolkit: task.toolkit,
      solved: allCallsMatched && dependencyViolations === 0 && answerMatches && stateMatches,
      goldCalls: task.nodes.length,
      matchedCalls,
      allCallsMatched,
      dependencyViolations,
      answered,
      answerMatches,
      writesState: task.writesState,
      stateMatches,
    };
  });

  const matched = a.matchOf.filter(Boolean).length;
  const paired = a.pairOf.filter(Boolean).length;
  const gold = dag.nodes.length;
  const agentCalls = trace.calls.length;
  const precision = agentCalls > 0 ? matched / agentCalls : 0;
  const recall = gold > 0 ? matched / gold : 1;
  const solved = tasks.filter((t) => t.solved).length;
  return {
    sampleId: sample.id,
    agent: trace.agent,
    mode: trace.mode,
    endReason: trace.endReason,
    taskSuccess: solved === tasks.length,
    subtaskSuccess: tasks.length > 0 ? solved / tasks.length : 0,
    tasks,
    step: {
      goldCalls: gold,
      agentCalls,
      matched,
      toolAccuracy: gold > 0 ? (matched + paired) / gold : 1,
      argAccuracy: matched + paired > 0 ? matched / (matched + paired) : 0,
      precision,
      recall,
      f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    },
    efficiency: efficiencyScore({ sample, trace, dag, matchedBy: a.matchedBy, taskOfCall: a.taskOfCall, duplicates: a.duplicate.filter(Boolean).length }),
    malformed: trace.malformed,
    failureModes: failureModes(sample, trace, dag, a, tasks, touched),
  };
}

/**
 * Exact matches in issue order (the engine's own procedure), with dependency checks; then
 * same-tool pairs for gold calls left unmatched; then a task for every other call.
 */
export function align(sample: Sample, trace: Trace, dag: GoldDag, registry: Registry): Alignment {
  const matcher = new Matcher(dag, () => goldReference(sample, registry));
  const calls = trace.calls;
  const matchOf: (GoldNode | undefined)[] = new Array(calls.length);
  const violations = new Array<number>(dag.nodes.length).fill(0);
  calls.forEach((call, i) => {
    if (call.status === 'rejected') return;
    const node = matcher.match(call);
    if (!node) return;
    matchOf[i] = node;
    if (violates(node, call, matcher.matchedBy)) violations[node.idx] = 1;
  });
  const pairOf: (GoldNode | undefined)[] = new Array(calls.length);
  const paired = new Array<boolean>(dag.nodes.length).fill(false);
  calls.forEach((call, i) => {
    if (matchOf[i]) return;
    const node = dag.byTool.get(call.tool)?.find((n) => !matcher.matchedBy[n.idx] && !paired[n.idx]);
    if (node) {
      paired[node.idx] = true;
      pairOf[i] = node;
    }
  });
  // An exact repeat of a matched call belongs to that call's task and is a wasted call.
  const keyOf = (c: TraceCall) => `${c.tool}\u0000${canonicalJson(c.args)}`;
  const matchedKeys = new Map<string, string>();
  if (calls.some((_, i) => !matchOf[i] && !pairOf[i])) {
    calls.forEach((c, i) => {
      if (matchOf[i]) matchedKeys.set(keyOf(c), matchOf[i]!.taskId);
    });
  }
  const duplicate = calls.map((c, i) => !matchOf[i] && !pairOf[i] && matchedKeys.has(keyOf(c)));
  const unfinished = (t: GoldTask) => t.nodes.some((n) => !matcher.matchedBy[n]);
  const taskOfCall = calls.map((c, i) => {
    const node = matchOf[i] ?? pairOf[i];
    if (node) return node.taskId;
    if (duplicate[i]) return matchedKeys.get(keyOf(c))!;
    const toolkit = registry.fn(c.tool)?.toolkit;
    if (!toolkit) return null;
    // Otherwise the task most likely meant: one that uses this tool, then one of the same toolkit.
    const same = dag.tasks.filter((t) => t.toolkit === toolkit);
    const usesTool = same.filter((t) => t.nodes.some((n) => dag.nodes[n]!.tool === c.tool));
    return (usesTool.find(unfinished) ?? usesTool[0] ?? same.find(unfinished) ?? same[0])?.id ?? null;
  });
  return { matchedBy: matcher.matchedBy, matchOf, pairOf, taskOfCall, violations, duplicate };
}

/**
 * A data input must have been delivered before the turn that issued the call; an `after`
 * predecessor must have completed before the call was issued.
 */
function violates(node: GoldNode, call: TraceCall, matchedBy: readonly (TraceCall | undefined)[]): boolean {
  for (const p of node.refPreds) {
    const pred = matchedBy[p];
    if (!pred || pred.deliveredTurn === null || pred.deliveredTurn > call.turn) return true;
  }
  for (const p of node.afterPreds) {
    const pred = matchedBy[p];
    if (!pred || pred.completedAt === null || pred.completedAt > call.issuedAt) return true;
  }
  return false;
}

/** The answer the agent's own results give (the gold run's where the agent has no result). */
function expectedAnswer(sample: Sample, registry: Registry, task: GoldTask, matchedBy: readonly (TraceCall | undefined)[]): unknown {
  if ('literal' in task.answer) return task.answer.literal;
  const mine = matchedBy[task.answer.node];
  if (mine && mine.status === 'ok') {
    const v = getPath(mine.result, task.answer.path);
    if (v !== MISSING) return v;
  }
  return goldReference(sample, registry).answers.get(task.id);
}

function failureModes(sample: Sample, trace: Trace, dag: GoldDag, a: Alignment, tasks: TaskScore[], touched: Set<string>): FailureMode[] {
  const offered = new Set(sample.tools);
  const out = new Set<FailureMode>();
  if (a.violations.some((v) => v > 0)) out.add('dependency-violation');
  const neglected = tasks.filter((t) => !t.answered && !touched.has(t.taskId));
  if (neglected.length > 0) out.add('task-neglect');
  if (trace.endReason === 'finish' && tasks.some((t) => !t.answered && touched.has(t.taskId))) out.add('premature-finish');
  const toolLeftOut = dag.nodes.some((n) => !a.matchedBy[n.idx] && !a.pairOf.includes(n));
  trace.calls.forEach((c, i) => {
    if (a.matchOf[i] || a.duplicate[i]) return;
    if (a.pairOf[i]) out.add('argument-error');
    else if (!offered.has(c.tool)) out.add('hallucinated-tool');
    else if (toolLeftOut) out.add('tool-confusion');
  });
  if (tasks.some((t) => t.answered && !t.answerMatches)) out.add('answer-mismatch');
  if (trace.endReason === 'turn-budget' || trace.endReason === 'time-budget') out.add('budget-exhausted');
  return [...out];
}
