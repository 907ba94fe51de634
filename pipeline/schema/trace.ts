import { z } from 'zod';

export const TRACE_SCHEMA_VERSION = 1;

export const Mode = z.enum(['async', 'sync', 'instant']).meta({ id: 'Mode', description: 'async: pending handles; sync: every call blocks; instant: zero latency.' });
export type Mode = z.infer<typeof Mode>;

export const Delivery = z.enum(['push', 'poll', 'notify', 'silent']).meta({
  id: 'Delivery',
  description:
    'How finished results reach the agent: push (before its next turn), poll (only through check/check_all), notify (a one-line notice, the value through get_result), silent (nothing said; check/check_all).',
});
export type Delivery = z.infer<typeof Delivery>;

export const EndReason = z
  .enum(['answered', 'finish', 'turn-budget', 'time-budget', 'harness-error'])
  .meta({ id: 'EndReason', description: 'Why the episode stopped; harness-error: the agent or a simulator threw (the reason is in harnessError).' });
export type EndReason = z.infer<typeof EndReason>;

/** What every call record holds, whatever became of the call. */
const CallFields = {
  turn: z.number().int().meta({ description: 'The turn that issued the call.' }),
  toolCallId: z.string(),
  tool: z.string(),
  args: z.unknown().meta({ description: 'Parsed arguments (null when they were not valid JSON).' }),
  issuedAt: z.number(),
  latency: z.number(),
  completesAt: z.number(),
  completedAt: z.number().nullable().meta({ description: 'When the call took effect on its toolkit state; null if the episode ended first.' }),
  deliveredAt: z.number().nullable(),
  deliveredTurn: z.number().int().nullable().meta({ description: 'The first turn whose input contained the result (pushed, or returned by a fetch of the previous turn).' }),
  notifiedTurn: z.number().int().optional().meta({ description: 'notify mode: the turn before which the completion notice (without the value) was shown.' }),
  gold: z.string().nullable().meta({ description: 'The gold call ("T1.c2") the engine matched at issue time, for reading; the scorer recomputes it.' }),
  lifecycle: z.enum(['late-failure', 'timed-out', 'expired', 'cancelled']).optional().meta({
    description:
      'A lifecycle event the environment applied to the call: late-failure (--late-failure, it failed when it completed), timed-out (--timeout), expired (--ttl: its result was not fetched in time and was lost), cancelled (cancel(handle)).',
  }),
  expiredAt: z.number().optional().meta({ description: '--ttl: when the unfetched result expired (completion + TTL).' }),
  // Kept optional on every kind of call so that code reading any call may look at them; the kinds below say when they are set.
  result: z.unknown().optional(),
  error: z.string().optional(),
};

/** Accepted calls have a handle and run on a known toolkit. */
const Accepted = { ...CallFields, handle: z.string().meta({ description: 'h1, h2, ... in issue order.' }), toolkit: z.string() };

/**
 * One domain call the agent made, with its whole life on the virtual clock, told apart by `status`:
 * rejected at once (no handle, an error), in flight, ok (a result), or failed (error, timed-out,
 * cancelled: an error). The engine moves a call between the accepted kinds in place.
 */
export const TraceCall = z
  .discriminatedUnion('status', [
    z.object({ ...CallFields, status: z.literal('rejected'), handle: z.null(), toolkit: z.string().nullable(), error: z.string() }).strict(),
    z.object({ ...Accepted, status: z.literal('in-flight') }).strict(),
    z.object({ ...Accepted, status: z.literal('ok') }).strict(),
    z
      .object({
        ...Accepted,
        status: z
          .enum(['error', 'timed-out', 'cancelled'])
          .meta({ description: 'timed-out: its deadline passed (--timeout), nothing changed; cancelled: cancel(handle) stopped it before it completed, nothing changed.' }),
        error: z.string(),
      })
      .strict(),
  ])
  .meta({ id: 'TraceCall' });
export type TraceCall = z.infer<typeof TraceCall>;
export type RejectedCall = Extract<TraceCall, { status: 'rejected' }>;
export type AcceptedCall = Exclude<TraceCall, RejectedCall>;
export type InFlightCall = Extract<TraceCall, { status: 'in-flight' }>;
export type OkCall = Extract<TraceCall, { status: 'ok' }>;
export type FailedCall = Extract<TraceCall, { status: 'error' | 'timed-out' | 'cancelled' }>;
/** An accepted call that has finished, one way or the other. */
export type SettledCall = OkCall | FailedCall;

export const ToolCallRecord = z
  .object({
    id: z.string(),
    name: z.string(),
    arguments: z.unknown().meta({ description: 'The arguments as the agent sent them: an object, or the raw string of a model.' }),
  })
  .strict();
export type ToolCallRecord = z.infer<typeof ToolCallRecord>;

/** check_all: one handle whose result has not been fetched yet. */
export const CheckedCall = z.discriminatedUnion('status', [
  z.object({ handle: z.string(), status: z.literal('running') }).strict(),
  z.object({ handle: z.string(), status: z.literal('done'), result: z.unknown() }).strict(),
  z.object({ handle: z.string(), status: z.enum(['failed', 'timed-out', 'expired']), error: z.string() }).strict(),
]);
export type CheckedCall = z.infer<typeof CheckedCall>;

/**
 * What the environment answered to one tool call in the turn it was made, told apart by `status`:
 * each status carries exactly the fields the agent reads with it (docs/protocols.md).
 */
export const ToolOutcome = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending'), handle: z.string() }).strict(),
  z.object({ status: z.literal('running'), handle: z.string() }).strict(),
  z.object({ status: z.enum(['ok', 'done']), handle: z.string(), result: z.unknown() }).strict(),
  z.object({ status: z.enum(['error', 'failed', 'timed-out', 'expired']), handle: z.string(), error: z.string() }).strict(),
  z.object({ status: z.literal('cancelled'), handle: z.string(), error: z.string().optional() }).strict(),
  z.object({ status: z.literal('rejected'), error: z.string() }).strict(),
  z.object({ status: z.literal('recorded'), task_id: z.string() }).strict(),
  z.object({ status: z.literal('waited'), now: z.number() }).strict(),
  z.object({ status: z.literal('finished') }).strict(),
  z.object({ status: z.literal('checked'), calls: z.array(CheckedCall).meta({ description: 'check_all: every handle whose result has not been fetched yet.' }) }).strict(),
]);
export type ToolOutcome = z.infer<typeof ToolOutcome>;

export const EnvStatus = z
  .object({
    note: z.string(),
    pending: z.array(z.string()),
    unanswered: z.array(z.string()),
  })
  .strict();
export type EnvStatus = z.infer<typeof EnvStatus>;

export const TraceMessage = z
  .discriminatedUnion('role', [
    z
      .object({
        role: z.literal('tasks'),
        at: z.number(),
        tasks: z.array(z.object({ id: z.string(), query: z.string() }).strict()),
      })
      .strict(),
    z
      .object({
        role: z.literal('assistant'),
        turn: z.number().int(),
        at: z.number(),
        content: z.string().nullable(),
        toolCalls: z.array(ToolCallRecord),
        cost: z.number().optional().meta({ description: 'Virtual seconds the turn cost, when thinking time is charged (--turn-cost tokens); otherwise options.turnCost.' }),
        completionTokens: z.number().int().optional(),
        replyIssues: z
          .array(z.string())
          .optional()
          .meta({ description: "What was wrong with the model's reply before it was repaired (content not a string, a call without a function, duplicate ids, cut off by length)." }),
      })
      .strict(),
    z.object({ role: z.literal('tool'), turn: z.number().int(), at: z.number(), toolCallId: z.string(), name: z.string(), outcome: ToolOutcome }).strict(),
    z
      .object({
        role: z.literal('environment'),
        at: z.number(),
        beforeTurn: z.number().int(),
        delivered: z.array(z.string()).meta({ description: 'Handles whose results this message delivers, in completion order (details in calls).' }),
        notified: z.array(z.string()).optional().meta({ description: 'notify mode: handles whose completion this message announces, without their values.' }),
        expired: z.array(z.string()).optional().meta({ description: 'push mode with --ttl: handles whose result expired before it could be delivered.' }),
        status: EnvStatus.optional(),
      })
      .strict(),
  ])
  .meta({ id: 'TraceMessage' });
export type TraceMessage = z.infer<typeof TraceMessage>;

export const Malformed = z
  .object({
    invalidJson: z.number().int(),
    unknownFunction: z.number().int(),
    unknownHandle: z.number().int(),
    noToolCall: z.number().int(),
    invalidArguments: z.number().int(),
    malformedReply: z.number().int().optional().meta({ description: 'Model replies whose shape had to be repaired (see replyIssues on the assistant message).' }),
  })
  .strict()
  .meta({ id: 'Malformed', description: 'Counts of unusable parts of agent replies, each answered with an error message.' });
export type Malformed = z.infer<typeof Malformed>;

/** Every count at zero: the start of an episode's tally, or of a sum over episodes. */
export function emptyMalformed(): Malformed {
  return { invalidJson: 0, unknownFunction: 0, unknownHandle: 0, noToolCall: 0, invalidArguments: 0 };
}

export const Trace = z
  .object({
    schemaVersion: z.literal(TRACE_SCHEMA_VERSION),
    sampleId: z.string(),
    agent: z.string(),
    mode: Mode,
    options: z
      .object({
        turnCost: z.number(),
        turnBudget: z.number().int(),
        timeBudget: z.number().nullable(),
        seed: z.number().int().nullable(),
        delivery: Delivery.optional().meta({ description: 'Absent in traces written before delivery modes existed: push.' }),
        tokensPerSecond: z
          .number()
          .positive()
          .optional()
          .meta({ description: '--turn-cost tokens: each turn costs turnCost + its completion tokens / tokensPerSecond (the assistant message records its cost).' }),
        trial: z.number().int().min(1).optional().meta({ description: 'Which trial (--trials) this episode played; absent: the only one (1).' }),
      })
      .strict(),
    endReason: EndReason,
    harnessError: z.string().optional().meta({ description: 'With endReason harness-error: what the agent or simulator threw.' }),
    endTime: z.number(),
    turns: z.number().int(),
    messages: z.array(TraceMessage),
    calls: z.array(TraceCall),
    answers: z.array(z.object({ taskId: z.string(), answer: z.unknown(), at: z.number(), turn: z.number().int() }).strict()),
    waits: z
      .array(z.object({ turn: z.number().int(), from: z.number(), to: z.number(), kind: z.enum(['wait', 'blocked']) }).strict())
      .meta({ description: 'Intervals in which the clock advanced because the agent waited (wait tool, or a blocking call in sync mode).' }),
    stateChanges: z.array(
      z
        .object({
          at: z.number(),
          handle: z.string(),
          toolkit: z.string(),
          tool: z.string(),
          changes: z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() }).strict()),
        })
        .strict(),
    ),
    malformed: Malformed,
    polls: z
      .object({ fetches: z.number().int(), wasted: z.number().int() })
      .strict()
      .optional()
      .meta({ description: 'Fetch calls (check, check_all, get_result) and those that returned no result not fetched before.' }),
    cancels: z
      .object({ requests: z.number().int(), wasted: z.number().int() })
      .strict()
      .optional()
      .meta({ description: 'cancel(handle) calls, and those that had nothing running to cancel (absent when none was made).' }),
    usage: z
      .object({
        requests: z.number().int().meta({ description: 'Requests the endpoint answered (paid).' }),
        promptTokens: z.number().int().meta({ description: 'Paid prompt tokens.' }),
        completionTokens: z.number().int().meta({ description: 'Paid completion tokens.' }),
        cachedResponses: z.number().int().meta({ description: 'Replies served from the cache (or a shared identical request).' }),
        cachedPromptTokens: z.number().int().optional().meta({ description: 'Prompt tokens the cached replies had cost when they were recorded.' }),
        cachedCompletionTokens: z.number().int().optional(),
      })
      .strict()
      .optional(),
    agentInfo: z.record(z.string(), z.string()).optional().meta({ description: 'Agent details worth keeping (model, prompt id).' }),
  })
  .strict()
  .meta({ id: 'Trace', description: 'Everything that happened in one episode; scores are pure functions of it and the sample.' });
export type Trace = z.infer<typeof Trace>;
