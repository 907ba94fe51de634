import type { EpisodeRecord } from '../../pipeline/schema/result.ts';
import type { Mode } from '../../pipeline/schema/trace.ts';

/**
 * A small, schema-valid episode: two tasks, three calls (one rejected), a wait and two answers.
 * `reply` becomes the assistant's text, so tests can plant hostile strings in it.
 */
/** One task's score in a fake record: one gold call, matched; an unsolved task answered wrongly. */
function taskScore(taskId: string, toolkit: string, solved: boolean): EpisodeRecord['score']['tasks'][number] {
  return {
    taskId,
    toolkit,
    solved,
    goldCalls: 1,
    optionalCalls: 0,
    matchedCalls: 1,
    allCallsMatched: true,
    dependencyViolations: 0,
    answered: true,
    answerPremature: false,
    answerMatches: solved,
    writesState: false,
    stateMatches: true,
    strayWrites: 0,
    failureModes: solved ? [] : ['answer-mismatch'],
  };
}

export function fakeRecord(opts: { id?: string; agent?: string; mode?: Mode; solved?: boolean; efficiency?: number; reply?: string; toolkit?: string; regime?: string } = {}): EpisodeRecord {
  const id = opts.id ?? 's1';
  const agent = opts.agent ?? 'oracle';
  const mode = opts.mode ?? 'async';
  const solved = opts.solved ?? true;
  const toolkit = opts.toolkit ?? 'math';
  const call = (n: number, taskId: string, issuedAt: number, latency: number) => ({
    handle: `h${n}`,
    turn: 1,
    toolCallId: `c${n}`,
    tool: 'add',
    toolkit,
    args: { a: n, b: 1 },
    status: 'ok' as const,
    issuedAt,
    latency,
    completesAt: issuedAt + latency,
    completedAt: issuedAt + latency,
    deliveredAt: issuedAt + latency,
    deliveredTurn: 2,
    result: { sum: n + 1 },
    gold: `${taskId}.c1`,
  });
  return {
    sampleId: id,
    groups: { toolkits: [toolkit], tasks: 2, pattern: 'similar', regime: opts.regime ?? 'fast' },
    trace: {
      schemaVersion: 1,
      sampleId: id,
      agent,
      mode,
      options: { turnCost: 1, turnBudget: 30, timeBudget: null, seed: null },
      endReason: 'answered',
      endTime: 6,
      turns: 3,
      messages: [
        {
          role: 'tasks',
          at: 0,
          tasks: [
            { id: 'T1', query: 'Add 1 and 1' },
            { id: 'T2', query: 'Add 2 and 1' },
          ],
        },
        {
          role: 'assistant',
          turn: 1,
          at: 0,
          content: opts.reply ?? 'Starting both tasks.',
          toolCalls: [
            { id: 'c1', name: 'add', arguments: { a: 1, b: 1 } },
            { id: 'c2', name: 'add', arguments: { a: 2, b: 1 } },
            { id: 'c3', name: 'nope', arguments: '{bad json' },
          ],
        },
        { role: 'tool', turn: 1, at: 1, toolCallId: 'c1', name: 'add', outcome: { status: 'pending', handle: 'h1' } },
        { role: 'tool', turn: 1, at: 1, toolCallId: 'c2', name: 'add', outcome: { status: 'pending', handle: 'h2' } },
        { role: 'tool', turn: 1, at: 1, toolCallId: 'c3', name: 'nope', outcome: { status: 'rejected', error: 'unknown function nope' } },
        { role: 'environment', at: 4, beforeTurn: 2, delivered: ['h1', 'h2'] },
        { role: 'assistant', turn: 2, at: 4, content: null, toolCalls: [{ id: 'c4', name: 'submit_answer', arguments: { task_id: 'T1', answer: 2 } }] },
        { role: 'tool', turn: 2, at: 5, toolCallId: 'c4', name: 'submit_answer', outcome: { status: 'recorded', task_id: 'T1' } },
        { role: 'assistant', turn: 3, at: 5, content: null, toolCalls: [{ id: 'c5', name: 'submit_answer', arguments: { task_id: 'T2', answer: 3 } }] },
        { role: 'tool', turn: 3, at: 6, toolCallId: 'c5', name: 'submit_answer', outcome: { status: 'recorded', task_id: 'T2' } },
      ],
      calls: [
        call(1, 'T1', 1, 3),
        call(2, 'T2', 1, 2),
        {
          handle: null,
          turn: 1,
          toolCallId: 'c3',
          tool: 'nope',
          toolkit: null,
          args: null,
          status: 'rejected',
          issuedAt: 1,
          latency: 0,
          completesAt: 1,
          completedAt: null,
          deliveredAt: null,
          deliveredTurn: null,
          error: 'unknown function nope',
          gold: null,
        },
      ],
      answers: [
        { taskId: 'T1', answer: 2, at: 5, turn: 2 },
        { taskId: 'T2', answer: 3, at: 6, turn: 3 },
      ],
      waits: [{ turn: 1, from: 1, to: 4, kind: 'wait' }],
      stateChanges: [],
      malformed: { invalidJson: 1, unknownFunction: 1, unknownHandle: 0, noToolCall: 0, invalidArguments: 0 },
    },
    score: {
      sampleId: id,
      agent,
      mode,
      endReason: 'answered',
      taskSuccess: solved,
      subtaskSuccess: solved ? 1 : 0.5,
      tasks: [taskScore('T1', toolkit, true), taskScore('T2', toolkit, solved)],
      step: { goldCalls: 2, agentCalls: 3, matched: 2, toolAccuracy: 1, argAccuracy: 1, precision: 2 / 3, recall: 1, f1: 0.8 },
      efficiency: { makespan: 6, oracleMakespan: 6, sequentialMakespan: 9, efficiency: opts.efficiency ?? 1, speedup: 1.5, idleRatio: 0, meanInFlight: 0.8, taskSwitches: 1, wastedCalls: 0, turns: 3 },
      malformed: { invalidJson: 1, unknownFunction: 1, unknownHandle: 0, noToolCall: 0, invalidArguments: 0 },
      failureModes: solved ? [] : ['answer-mismatch'],
    },
  };
}
