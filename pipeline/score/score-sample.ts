import type { Sample } from '../schema/sample.ts';
import type { Trace } from '../schema/trace.ts';
import { FailureMode, type EpisodeScore, type TaskScore } from '../schema/result.ts';
import type { Registry } from '../world/registry.ts';
import { getPath, MISSING } from '../world/refs.ts';
import { goldDag, type GoldDag, type GoldTask } from '../gold/graph.ts';
import { valuesMatch } from '../core/normalize.ts';
import { align, answeredEarly, type Alignment } from './align.ts';
import { violates } from '../gold/match.ts';
import { efficiencyScore } from './efficiency.ts';
import { carriesReceipt, fetchedNothing, handlesOf } from './protocol-labels.ts';
import { retryOf } from '../gold/attempts.ts';

type Answer = Trace['answers'][number];

/**
 * Scores one episode from its trace and sample alone (pure), so a saved trace can be re-scored
 * later. The rules are written out in docs/scoring.md.
 */
export function scoreSample(sample: Sample, trace: Trace, registry: Registry): EpisodeScore {
  const dag = goldDag(sample, registry);
  const a = align(trace, dag, registry);
  const lastAnswer = new Map<string, Answer>();
  for (const ans of trace.answers) lastAnswer.set(ans.taskId, ans);
  // A write no task's calls account for (a distractor toolkit's, say) changed the world for nobody: it counts against every task.
  const orphanWrites = trace.calls.filter((c, i) => a.taskOfCall[i] === null && !a.matchOf[i] && c.status === 'ok' && registry.fn(c.tool)?.def.mutates).length;
  const tasks = dag.tasks.map((task) => scoreTask(task, trace, dag, a, registry, lastAnswer.get(task.id), orphanWrites));

  const required = dag.tasks.reduce((s, t) => s + t.required.length, 0);
  const matched = dag.nodes.filter((n) => !n.optional && a.matchedBy[n.idx]).length;
  const matchedOptional = dag.nodes.filter((n) => n.optional && a.matchedBy[n.idx]).length;
  const paired = a.pairOf.filter(Boolean).length;
  const attempted = a.attempts.filter((list, i) => list.length > 0 && !a.pairOf.includes(dag.nodes[i])).length;
  const agentCalls = trace.calls.length;
  const precision = agentCalls > 0 ? (matched + matchedOptional) / agentCalls : 0;
  const recall = required > 0 ? matched / required : 1;
  const solved = tasks.filter((t) => t.solved).length;
  const taskSuccess = solved === tasks.length;
  const failures = new Set<FailureMode>(tasks.flatMap((t) => t.failureModes));
  const offered = new Set(sample.tools);
  if (trace.calls.some((c) => !offered.has(c.tool))) failures.add('hallucinated-tool');
  if (isBudgetEnd(trace)) failures.add('budget-exhausted');
  return {
    sampleId: sample.id,
    agent: trace.agent,
    mode: trace.mode,
    endReason: trace.endReason,
    taskSuccess,
    subtaskSuccess: tasks.length > 0 ? solved / tasks.length : 0,
    tasks,
    step: {
      goldCalls: required,
      agentCalls,
      matched,
      toolAccuracy: required > 0 ? (matched + paired + attempted) / required : 1,
      argAccuracy: matched + paired + attempted > 0 ? (matched + attempted) / (matched + paired + attempted) : 0,
      precision,
      recall,
      f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    },
    efficiency: efficiencyScore({ sample, trace, dag, matchedBy: a.matchedBy, taskOfCall: a.taskOfCall, duplicates: a.duplicate.filter(Boolean).length, solved: taskSuccess }),
    malformed: trace.malformed,
    failureModes: FailureMode.options.filter((m) => failures.has(m)),
  };
}

function scoreTask(task: GoldTask, trace: Trace, dag: GoldDag, a: Alignment, registry: Registry, answer: Answer | undefined, orphanWrites: number): TaskScore {
  const matchedCalls = task.required.filter((i) => a.matchedBy[i]).length;
  const allCallsMatched = matchedCalls === task.required.length;
  const callViolations = task.nodes.reduce((s, i) => s + a.violations[i]!, 0);
  const answerPremature = answeredEarly(trace, task.id, task.answerNeeds, a.matchedBy);
  const expected = expectedAnswer(task, a);
  const answerMatches = answer !== undefined && expected !== MISSING && valuesMatch(answer.answer, expected, task.answerMatch);
  const mine = trace.calls.map((_, i) => i).filter((i) => a.taskOfCall[i] === task.id);
  const strayWrites = orphanWrites + mine.filter((i) => !a.matchOf[i] && trace.calls[i]!.status === 'ok' && registry.fn(trace.calls[i]!.tool)?.def.mutates).length;
  const missingWrites = task.required.filter((i) => dag.nodes[i]!.mutates && !a.matchedBy[i]).length;
  const stateMatches = strayWrites === 0 && missingWrites === 0;
  const dependencyViolations = callViolations + (answerPremature ? 1 : 0);
  const solved = allCallsMatched && dependencyViolations === 0 && answerMatches && stateMatches;
  const score: TaskScore = {
    taskId: task.id,
    toolkit: task.toolkit,
    solved,
    goldCalls: task.required.length,
    optionalCalls: task.nodes.length - task.required.length,
    matchedCalls,
    allCallsMatched,
    dependencyViolations,
    answered: answer !== undefined,
    answerPremature,
    answerMatches,
    writesState: task.writesState,
    stateMatches,
    strayWrites,
    failureModes: [],
  };
  score.failureModes = solved ? [] : taskFailures(task, trace, dag, a, score, mine, missingWrites, expected);
  return score;
}

/** Why a task is unsolved: every unsolved task gets at least one label. */
function taskFailures(task: GoldTask, trace: Trace, dag: GoldDag, a: Alignment, s: TaskScore, mine: number[], missingWrites: number, expected: unknown): FailureMode[] {
  const out = new Set<FailureMode>();
  const touched = mine.length > 0;
  if (s.dependencyViolations - (s.answerPremature ? 1 : 0) > 0) out.add('dependency-violation');
  if (s.answerPremature) out.add('premature-answer');
  for (const i of task.required) {
    if (a.matchedBy[i]) continue;
    const attempts = a.attempts[i]!;
    // The right call made before its inputs were delivered: the failure (or the missing result) is what jumping the gun cost.
    if (attempts.some((c) => violates(dag, dag.nodes[i]!, c, a.matchedBy))) out.add('dependency-violation');
    if (a.pairOf.includes(dag.nodes[i])) out.add('argument-error');
    // A call still running at the end, or cancelled (cancel(handle)) and not made again, never finished.
    else if (attempts.some((c) => c.status === 'in-flight' || c.status === 'cancelled')) out.add('unfinished-call');
    else if (attempts.some((c) => c.status === 'error' || c.status === 'timed-out')) out.add('failed-call');
    // Exactly the right arguments, completed, yet unmatched: the value it needed was used before the call producing it was made.
    else if (attempts.some((c) => c.status === 'ok')) out.add('dependency-violation');
    else if (touched && mine.some((j) => !a.matchOf[j] && !a.attemptOf[j] && !a.pairOf[j] && !a.duplicate[j])) out.add('tool-confusion');
    else if ((touched || s.answered) && !isBudgetEnd(trace)) out.add('missing-call');
  }
  // --ttl: a result the task needs (for a call of its own or its answer) expired unfetched and no delivered copy
  // stands for it: a read not made again, or a write (made again, it would write twice).
  const needs = new Set([...task.nodes.flatMap((i) => dag.nodes[i]!.gating), ...task.answerNeeds]);
  if ([...needs].some((i) => a.matchedBy[i]?.lifecycle === 'expired')) out.add('expired-result');
  if (missingWrites > 0) out.add('missing-write');
  if (s.strayWrites > 0) out.add('stray-write');
  if (s.answered && !s.answerMatches && (expected !== MISSING || s.allCallsMatched)) out.add('answer-mismatch');
  if (isBudgetEnd(trace)) out.add('budget-exhausted');
  // Protocol mistakes: a receipt read as a result (in the answer or a call of the task), results never fetched.
  const handles = handlesOf(trace);
  const answer = lastAnswerOf(trace, task.id);
  if ((answer !== undefined && carriesReceipt(answer.answer, handles)) || mine.some((i) => carriesReceipt(trace.calls[i]!.args, handles))) out.add('used-receipt');
  if (fetchedNothing(trace)) out.add('fetched-nothing');
  // A call failed late (its doomed first attempt matched) and its retry never succeeded.
  for (const i of task.nodes) {
    const node = dag.nodes[i]!;
    if (!node.attempt || !a.matchedBy[i]) continue;
    const retry = dag.nodes.find((n) => n.key === `${node.taskId}.${retryOf(node.callId)}`);
    if (retry && !a.matchedBy[retry.idx]) out.add('missed-late-failure');
  }
  // The episode was cut short by a throw in the agent or a simulator: say so rather than blame the agent alone.
  if (trace.endReason === 'harness-error') out.add('harness-error');
  if (!s.answered) {
    // Text in the last reply is an answer given the wrong way, however the episode ended (budget-exhausted is added above).
    if (!touched) out.add('task-neglect');
    else if (lastTurnHasText(trace)) out.add('answer-in-text');
    else if (!isBudgetEnd(trace)) out.add('premature-finish');
  }
  return FailureMode.options.filter((m) => out.has(m));
}

/** The answer the agent's own results give: MISSING when the call it reads was not matched. */
function expectedAnswer(task: GoldTask, a: Alignment): unknown {
  if ('literal' in task.answer) return task.answer.literal;
  const mine = a.matchedBy[task.answer.node];
  if (!mine || mine.status !== 'ok') return MISSING;
  return getPath(mine.result, task.answer.path);
}

function lastAnswerOf(trace: Trace, taskId: string): Answer | undefined {
  for (let i = trace.answers.length - 1; i >= 0; i--) if (trace.answers[i]!.taskId === taskId) return trace.answers[i];
  return undefined;
}

function isBudgetEnd(trace: Trace): boolean {
  return trace.endReason === 'turn-budget' || trace.endReason === 'time-budget';
}

/** The agent ended by writing prose instead of calling submit_answer. */
function lastTurnHasText(trace: Trace): boolean {
  for (let i = trace.messages.length - 1; i >= 0; i--) {
    const m = trace.messages[i]!;
    if (m.role === 'assistant') return typeof m.content === 'string' && m.content.trim() !== '';
  }
  return false;
}
