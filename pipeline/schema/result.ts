import { z } from 'zod';
import { Malformed, Mode, EndReason, Trace } from './trace.ts';

export const FailureMode = z
  .enum([
    'dependency-violation',
    'task-neglect',
    'tool-confusion',
    'argument-error',
    'hallucinated-tool',
    'premature-finish',
    'answer-mismatch',
    'budget-exhausted',
    'premature-answer',
    'answer-in-text',
    'unfinished-call',
    'failed-call',
    'missing-call',
    'missing-write',
    'stray-write',
    'used-receipt',
    'fetched-nothing',
    'missed-late-failure',
    'expired-result',
    'harness-error',
  ])
  .meta({ id: 'FailureMode' });
export type FailureMode = z.infer<typeof FailureMode>;

export const TaskScore = z
  .object({
    taskId: z.string(),
    toolkit: z.string(),
    solved: z.boolean(),
    goldCalls: z.number().int().meta({ description: 'Required gold calls (those not expected to fail).' }),
    optionalCalls: z.number().int().meta({ description: 'Gold calls expected to fail: making them or skipping them are both fine.' }),
    matchedCalls: z.number().int().meta({ description: 'Required gold calls matched by an agent call that completed successfully.' }),
    allCallsMatched: z.boolean(),
    dependencyViolations: z
      .number()
      .int()
      .meta({ description: 'Matched calls, and the answer, that used a value before the result carrying it was delivered (or came before an `after` call was done).' }),
    answered: z.boolean(),
    answerPremature: z.boolean().meta({ description: 'The answer was submitted before the result it reports was delivered.' }),
    answerMatches: z.boolean(),
    writesState: z.boolean(),
    stateMatches: z.boolean().meta({ description: 'Every required write happened, and no stray successful write was attributed to this task.' }),
    strayWrites: z.number().int(),
    failureModes: z.array(FailureMode),
  })
  .strict()
  .meta({ id: 'TaskScore' });
export type TaskScore = z.infer<typeof TaskScore>;

export const StepScore = z
  .object({
    goldCalls: z.number().int(),
    agentCalls: z.number().int(),
    matched: z.number().int(),
    toolAccuracy: z.number(),
    argAccuracy: z.number(),
    precision: z.number(),
    recall: z.number(),
    f1: z.number(),
  })
  .strict()
  .meta({ id: 'StepScore' });
export type StepScore = z.infer<typeof StepScore>;

export const EfficiencyScore = z
  .object({
    makespan: z.number(),
    oracleMakespan: z.number(),
    sequentialMakespan: z.number(),
    efficiency: z.number(),
    speedup: z.number(),
    idleRatio: z.number(),
    meanInFlight: z.number(),
    taskSwitches: z.number().int(),
    wastedCalls: z.number().int(),
    wastedPolls: z
      .number()
      .int()
      .optional()
      .meta({ description: 'Absent in scores written before delivery modes existed. Fetches (check, check_all, get_result) that returned no result not fetched before.' }),
    thinkingTime: z.number().optional().meta({ description: 'Virtual seconds charged for completion tokens beyond the fixed turn cost (--turn-cost tokens); 0 otherwise.' }),
    turns: z.number().int(),
  })
  .strict()
  .meta({ id: 'EfficiencyScore' });
export type EfficiencyScore = z.infer<typeof EfficiencyScore>;

export const EpisodeScore = z
  .object({
    sampleId: z.string(),
    agent: z.string(),
    mode: Mode,
    endReason: EndReason,
    taskSuccess: z.boolean(),
    subtaskSuccess: z.number(),
    tasks: z.array(TaskScore),
    step: StepScore,
    efficiency: EfficiencyScore,
    malformed: Malformed,
    failureModes: z.array(FailureMode),
  })
  .strict()
  .meta({ id: 'EpisodeScore', description: 'The scores of one episode, recomputable from its trace and sample.' });
export type EpisodeScore = z.infer<typeof EpisodeScore>;

/** What a sample is grouped by in summaries, kept beside its score so traces.jsonl alone can be summarised. */
export const SampleGroups = z
  .object({ toolkits: z.array(z.string()), tasks: z.number().int(), pattern: z.string(), regime: z.string() })
  .strict()
  .meta({ id: 'SampleGroups' });
export type SampleGroups = z.infer<typeof SampleGroups>;

/** One line of a run's traces.jsonl. */
export const EpisodeRecord = z
  .object({
    sampleId: z.string(),
    trial: z.number().int().min(1).optional().meta({ description: 'The trial (--trials k) of this episode; absent: 1. Trial t > 1 plays seeded perturbed latencies.' }),
    groups: SampleGroups.optional(),
    trace: Trace,
    score: EpisodeScore,
  })
  .strict()
  .meta({ id: 'EpisodeRecord' });
export type EpisodeRecord = z.infer<typeof EpisodeRecord>;
