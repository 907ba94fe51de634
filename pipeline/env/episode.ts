import { canonicalJson } from '../core/canonical.ts';
import { jsonTextDepth } from '../core/json-walk.ts';
import { rngFor } from '../core/rng.ts';
import type { Sample } from '../schema/sample.ts';
import {
  emptyMalformed,
  TRACE_SCHEMA_VERSION,
  type Delivery,
  type EndReason,
  type EnvStatus,
  type Mode,
  type AcceptedCall,
  type RejectedCall,
  type ToolOutcome,
  type Trace,
  type TraceCall,
  type TraceMessage,
} from '../schema/trace.ts';
import { setStatus } from './call-status.ts';
import type { Registry } from '../world/registry.ts';
import { runTool, type State } from '../world/simulator.ts';
import { initialStateFor } from '../world/execute.ts';
import { sampleLatency } from '../world/latency.ts';
import type { AgentAction, Observation, ToolCallRequest } from '../agents/agent.ts';
import type { LifecycleInForce } from '../agents/render.ts';
import { goldDag, type GoldDag } from '../gold/graph.ts';
import { Matcher } from '../gold/match.ts';
import { attemptKind, type AttemptKind } from '../gold/attempts.ts';
import { r6 } from '../gold/plan.ts';
import { CompletionQueue } from './queue.ts';
import { diffState } from './state-diff.ts';
import { expire, isPast, ResultDesk } from './desk.ts';
import { controlToolNames, FETCH_TOOLS } from './tools.ts';

export interface ResolvedOptions {
  mode: Mode;
  turnCost: number;
  turnBudget: number;
  /** Infinity for no limit. */
  timeBudget: number;
  seed: number | null;
  /** Always push in sync mode, where every result comes back in the reply. */
  delivery: Delivery;
  trial: number;
  /** Thinking time: a turn costs turnCost + completion tokens / tokensPerSecond; null for a fixed cost. */
  tokensPerSecond: number | null;
  /** --ttl: a finished result not handed over within this many virtual seconds expires; Infinity for never. */
  ttl: number;
  /** The lifecycle events in force, as the agent's prompt states them. */
  lifecycle: LifecycleInForce;
}

interface SampleSetup {
  offered: Set<string>;
  states: Map<string, State>;
  tasks: { id: string; query: string }[];
}

const setups = new WeakMap<Sample, SampleSetup>();

/**
 * Per sample, once: the offered tools and each toolkit's initial state (the task states laid
 * over the toolkit default, top-level keys, as initialStateFor does). Simulators never touch
 * their input state, so episodes share these objects without copying them.
 */
function setupFor(sample: Sample, registry: Registry): SampleSetup {
  let s = setups.get(sample);
  if (s) return s;
  const states = new Map<string, State>();
  for (const task of sample.tasks) {
    const base = states.get(task.toolkit) ?? registry.toolkit(task.toolkit)?.def.defaultState ?? {};
    states.set(task.toolkit, { ...base, ...task.initialState });
  }
  s = { offered: new Set(sample.tools), states, tasks: sample.tasks.map((t) => ({ id: t.id, query: t.query })) };
  setups.set(sample, s);
  return s;
}

/**
 * One episode as a state machine on a virtual clock: `observe()` before each turn (completes
 * and delivers results, checks budgets), `act()` with the agent's reply. The driver loop lives
 * in engine.ts; nothing here sleeps or reads a real clock.
 */
export class Episode {
  now = 0;
  turn = 0;
  done = false;
  endReason: EndReason = 'answered';
  harnessError: string | undefined;

  private readonly dag: GoldDag;
  private readonly setup: SampleSetup;
  private readonly matcher: Matcher;
  private readonly states: Map<string, State>;
  private readonly queue = new CompletionQueue<AcceptedCall>();
  private readonly calls: TraceCall[] = [];
  private readonly handles = new Map<string, AcceptedCall>();
  private readonly messages: TraceMessage[] = [];
  private readonly answers: Trace['answers'] = [];
  private readonly answered = new Set<string>();
  private readonly waits: Trace['waits'] = [];
  private readonly stateChanges: Trace['stateChanges'] = [];
  private readonly malformed = emptyMalformed();
  private undelivered: AcceptedCall[] = [];
  private lastResults: Observation['toolResults'] = [];
  private status: EnvStatus | undefined;
  private handleCount = 0;
  /** The control tools of the delivery mode. */
  private readonly control: Set<string>;
  /** Completed results not pushed (every mode but push). */
  private readonly desk: ResultDesk;
  /** Calls that stand for a doomed first attempt (lifecycle): they fail late or time out when they complete. */
  private readonly doomed = new Map<AcceptedCall, AttemptKind>();
  /** cancel(handle) calls, and those with nothing running to cancel. */
  private readonly cancels = { requests: 0, wasted: 0 };

  constructor(
    private readonly sample: Sample,
    private readonly registry: Registry,
    private readonly opts: ResolvedOptions,
  ) {
    this.dag = goldDag(sample, registry);
    this.setup = setupFor(sample, registry);
    this.states = new Map(this.setup.states);
    // Which gold call a call stands for decides its latency; the scorer recomputes the match from the trace.
    this.matcher = new Matcher(this.dag, 'at-issue');
    this.control = controlToolNames(opts.delivery);
    this.desk = new ResultDesk(opts.delivery, opts.ttl);
    this.messages.push({ role: 'tasks', at: 0, tasks: this.setup.tasks });
  }

  /** The input of the next turn, or null when the episode is over. */
  observe(): Observation | null {
    if (this.done) return null;
    this.complete(this.now);
    if (this.turn >= this.opts.turnBudget) return this.end('turn-budget');
    if (this.now >= this.opts.timeBudget) return this.end('time-budget');
    let deliveries = this.opts.delivery === 'push' ? this.undelivered : this.desk.takeFetched();
    this.undelivered = [];
    // push with --ttl: a result that waited longer than its time-to-live for this turn is lost, and the agent is told.
    const expired = this.opts.delivery === 'push' ? deliveries.filter((c) => c.status === 'ok' && isPast(c, this.now, this.opts.ttl)) : [];
    if (expired.length > 0) {
      for (const c of expired) {
        expire(c, this.opts.ttl);
        this.releaseRead(c);
      }
      deliveries = deliveries.filter((c) => c.lifecycle !== 'expired');
    }
    const notices = this.desk.takeNotices();
    this.turn++;
    for (const c of deliveries) {
      c.deliveredAt = this.now;
      c.deliveredTurn = this.turn;
    }
    for (const c of notices) c.notifiedTurn = this.turn;
    if (deliveries.length > 0 || notices.length > 0 || expired.length > 0 || this.status) {
      const msg: TraceMessage = { role: 'environment', at: this.now, beforeTurn: this.turn, delivered: deliveries.map((c) => c.handle) };
      if (notices.length > 0) msg.notified = notices.map((c) => c.handle);
      if (expired.length > 0) msg.expired = expired.map((c) => c.handle);
      if (this.status) msg.status = this.status;
      this.messages.push(msg);
    }
    const obs: Observation = { turn: this.turn, now: this.now, toolResults: this.lastResults, deliveries };
    if (notices.length > 0) obs.notices = notices.map((c) => c.handle);
    if (expired.length > 0) obs.expired = expired.map((c) => c.handle);
    if (this.turn === 1) obs.tasks = this.setup.tasks;
    if (this.status) obs.status = this.status;
    this.lastResults = [];
    this.status = undefined;
    return obs;
  }

  /** Applies one agent reply: the turn costs turnCost, then every call is answered in order, then `wait` and `finish`. */
  act(action: AgentAction): void {
    const turn = this.turn;
    const start = this.now;
    const tokens = action.completionTokens ?? 0;
    const cost = this.opts.tokensPerSecond === null ? this.opts.turnCost : r6(this.opts.turnCost + tokens / this.opts.tokensPerSecond);
    this.now = r6(this.now + cost);
    this.complete(this.now);
    const message: TraceMessage = {
      role: 'assistant',
      turn,
      at: start,
      content: action.content ?? null,
      toolCalls: action.toolCalls.map((tc) => ({ id: tc.id, name: tc.name, arguments: tc.args ?? tc.arguments ?? null })),
      ...(action.replyIssues?.length ? { replyIssues: action.replyIssues } : {}),
    };
    if (action.replyIssues?.length) this.malformed.malformedReply = (this.malformed.malformedReply ?? 0) + 1;
    if (this.opts.tokensPerSecond !== null) Object.assign(message, { cost, completionTokens: tokens });
    this.messages.push(message);
    if (action.toolCalls.length === 0) {
      this.malformed.noToolCall++;
      this.status = { note: 'Your last reply made no tool call. Call tools, wait for pending results, submit answers, or finish.', pending: this.pendingHandles(), unanswered: this.unanswered() };
    }
    const results: Observation['toolResults'] = [];
    let wait: { index: number; handle?: string } | undefined;
    let finish = false;
    const fetches: { index: number; name: string; handle: unknown }[] = [];
    for (const tc of action.toolCalls) {
      const parsed = parseArguments(tc);
      let outcome: ToolOutcome;
      if ('error' in parsed) {
        this.malformed.invalidJson++;
        if (!this.control.has(tc.name)) this.reject(tc, null, turn, parsed.error);
        outcome = { status: 'rejected', error: parsed.error };
      } else if (tc.name === 'wait') {
        outcome = { status: 'rejected', error: 'only one wait per turn is honoured' };
        if (!wait) {
          const handle = parsed.args.handle;
          if (handle !== undefined && (typeof handle !== 'string' || !this.handles.has(handle))) {
            this.malformed.unknownHandle++;
            outcome = { status: 'rejected', error: `unknown handle ${JSON.stringify(handle)}; pending handles: ${this.pendingHandles().join(', ') || 'none'}` };
          } else {
            wait = { index: results.length, handle };
          }
        }
      } else if (FETCH_TOOLS.has(tc.name) && this.control.has(tc.name)) {
        // Answered after the wait, so that a reply can wait for a call and fetch it.
        fetches.push({ index: results.length, name: tc.name, handle: parsed.args.handle });
        outcome = { status: 'rejected', error: 'not answered' };
      } else if (tc.name === 'cancel') {
        outcome = this.cancel(parsed.args.handle);
      } else if (tc.name === 'submit_answer') {
        outcome = this.submit(parsed.args, turn);
      } else if (tc.name === 'finish') {
        finish = true;
        outcome = { status: 'finished' };
      } else {
        outcome = this.domainCall(tc, parsed.args, turn);
      }
      results.push({ toolCallId: tc.id, name: tc.name, outcome });
    }
    if (wait) results[wait.index]!.outcome = this.wait(wait.handle, turn);
    // A call of no latency made in this turn has taken effect by its end.
    this.complete(this.now);
    for (const f of fetches) results[f.index]!.outcome = this.fetch(f.name, f.handle);
    this.releaseExpired();
    for (const r of results) this.messages.push({ role: 'tool', turn, at: this.now, toolCallId: r.toolCallId, name: r.name, outcome: r.outcome });
    this.lastResults = results;
    if (finish) this.end('finish');
    else if (this.answered.size === this.sample.tasks.length) this.end('answered');
  }

  toTrace(agent: string, extra: Pick<Trace, 'usage' | 'agentInfo'> = {}): Trace {
    // Results never handed over that outlived their time-to-live by the end are lost as well.
    this.desk.expireDue(this.now);
    for (const c of this.undelivered) if (c.status === 'ok' && isPast(c, this.now, this.opts.ttl)) expire(c, this.opts.ttl);
    const trace: Trace = {
      schemaVersion: TRACE_SCHEMA_VERSION,
      sampleId: this.sample.id,
      agent,
      mode: this.opts.mode,
      options: {
        turnCost: this.opts.turnCost,
        turnBudget: this.opts.turnBudget,
        timeBudget: Number.isFinite(this.opts.timeBudget) ? this.opts.timeBudget : null,
        seed: this.opts.seed,
        delivery: this.opts.delivery,
        ...(this.opts.tokensPerSecond !== null ? { tokensPerSecond: this.opts.tokensPerSecond } : {}),
        ...(this.opts.trial > 1 ? { trial: this.opts.trial } : {}),
      },
      endReason: this.endReason,
      ...(this.harnessError === undefined ? {} : { harnessError: this.harnessError }),
      endTime: this.now,
      turns: this.turn,
      messages: this.messages,
      calls: this.calls,
      answers: this.answers,
      waits: this.waits,
      stateChanges: this.stateChanges,
      malformed: this.malformed,
    };
    if (this.opts.delivery !== 'push') trace.polls = { fetches: this.desk.fetches, wasted: this.desk.wasted };
    if (this.cancels.requests > 0) trace.cancels = { ...this.cancels };
    if (extra.usage) trace.usage = extra.usage;
    if (extra.agentInfo) trace.agentInfo = extra.agentInfo;
    return trace;
  }

  /** Ends the episode where it stands because the agent or a simulator threw; it is scored like any other. */
  abort(reason: string): void {
    this.harnessError = reason;
    this.end('harness-error');
  }

  private end(reason: EndReason): null {
    this.done = true;
    this.endReason = reason;
    return null;
  }

  private domainCall(tc: ToolCallRequest, args: Record<string, unknown>, turn: number): ToolOutcome {
    const fn = this.setup.offered.has(tc.name) ? this.registry.fn(tc.name) : undefined;
    if (!fn) {
      this.malformed.unknownFunction++;
      return this.reject(tc, args, turn, `unknown function "${tc.name}": it is not one of the tools offered in this episode`);
    }
    const errors = this.registry.argumentErrors(tc.name, args);
    if (errors.length > 0) {
      this.malformed.invalidArguments++;
      return this.reject(tc, args, turn, `invalid arguments for ${tc.name}: ${errors.join('; ')}`);
    }
    const call = this.acceptedCall(tc, args, turn, fn.toolkit, `h${++this.handleCount}`);
    const node = this.matcher.match(call);
    call.gold = node?.key ?? null;
    if (node?.attempt) this.doomed.set(call, attemptKind(node.callId)!);
    if (this.opts.mode !== 'instant') {
      // A repeat of a gold call takes that call's latency too: a fresh draw would let an agent re-send a slow call until a copy comes back sooner.
      const standsFor = node ?? this.matcher.twinOf(call);
      call.latency = standsFor ? standsFor.latency : sampleLatency(fn.def.latency, this.rngForCall(tc.name, args));
    }
    call.completesAt = r6(this.now + call.latency);
    this.calls.push(call);
    this.handles.set(call.handle, call);
    this.queue.push(call.completesAt, this.calls.length, call);
    if (this.opts.mode !== 'sync') return { status: 'pending', handle: call.handle };
    // A blocking call: the clock runs to its completion and the reply carries its result.
    if (call.completesAt > this.now) this.waits.push({ turn, from: this.now, to: call.completesAt, kind: 'blocked' });
    this.now = call.completesAt;
    this.complete(this.now);
    call.deliveredAt = this.now;
    call.deliveredTurn = turn + 1;
    if (call.status === 'ok') return { status: 'ok', handle: call.handle, result: call.result };
    // The clock stood at the call's completion time, so it has completed.
    if (call.status === 'in-flight') throw new Error(`blocking call ${call.handle} is still in flight at its completion time`);
    return { status: call.status === 'timed-out' ? 'timed-out' : 'error', handle: call.handle, error: call.error };
  }

  private rngForCall(tool: string, args: unknown) {
    const keys: (string | number)[] = [this.sample.id, tool, canonicalJson(args)];
    return this.opts.seed === null ? rngFor(...keys) : rngFor(this.opts.seed, ...keys);
  }

  private reject(tc: ToolCallRequest, args: unknown, turn: number, error: string): ToolOutcome {
    // The same fields in the same order as an accepted call's, then the error.
    const call: RejectedCall = { ...this.callIssuedNow(tc, args, turn, this.registry.fn(tc.name)?.toolkit ?? null, null, 'rejected'), error };
    this.calls.push(call);
    return { status: 'rejected', error };
  }

  /** An accepted call at issue time, in flight (typed as any accepted call: the engine moves it on in place). */
  private acceptedCall(tc: ToolCallRequest, args: unknown, turn: number, toolkit: string, handle: string): AcceptedCall {
    return this.callIssuedNow(tc, args, turn, toolkit, handle, 'in-flight');
  }

  /** A call record at issue time: accepted (with a handle, in flight) or rejected (without one). */
  private callIssuedNow<H extends string | null, T extends H extends string ? string : string | null, S extends 'rejected' | 'in-flight'>(
    tc: ToolCallRequest,
    args: unknown,
    turn: number,
    toolkit: T,
    handle: H,
    status: S,
  ) {
    return {
      handle,
      turn,
      toolCallId: tc.id,
      tool: tc.name,
      toolkit,
      args,
      status,
      issuedAt: this.now,
      latency: 0,
      completesAt: this.now,
      completedAt: null,
      deliveredAt: null,
      deliveredTurn: null,
      gold: null as string | null,
    };
  }

  private submit(args: Record<string, unknown>, turn: number): ToolOutcome {
    const taskId = args.task_id;
    if (typeof taskId !== 'string' || !this.dag.taskById.has(taskId)) {
      this.malformed.invalidArguments++;
      return { status: 'rejected', error: `submit_answer needs task_id, one of ${this.sample.tasks.map((t) => t.id).join(', ')}; got ${JSON.stringify(taskId)}` };
    }
    if (!('answer' in args)) {
      this.malformed.invalidArguments++;
      return { status: 'rejected', error: 'submit_answer needs an answer' };
    }
    this.answers.push({ taskId, answer: args.answer, at: this.now, turn });
    this.answered.add(taskId);
    return { status: 'recorded', task_id: taskId };
  }

  private wait(handle: string | undefined, turn: number): ToolOutcome {
    // A result that completed during this turn but is not delivered yet counts as pending.
    const waitedOn = handle !== undefined ? this.handles.get(handle)! : undefined;
    // Waiting on a result the agent already has would spend the turn's one wait on nothing.
    if (waitedOn && waitedOn.deliveredAt !== null) return { status: 'rejected', error: `the result of ${handle} was already delivered; there is nothing to wait for` };
    if (waitedOn && waitedOn.status === 'cancelled') return { status: 'rejected', error: `${handle} was cancelled; it will never complete, so there is nothing to wait for` };
    const target = waitedOn ? waitedOn.completesAt : (this.nextDue() ?? (this.undelivered.length > 0 ? this.now : undefined));
    if (target === undefined) {
      const unfetched = this.desk.hasWaiting() ? `; finished results are waiting to be fetched with ${[...FETCH_TOOLS].filter((t) => this.control.has(t)).join(' or ')}` : '';
      return { status: 'rejected', error: `no call is pending, so there is nothing to wait for${unfetched}` };
    }
    if (target > this.now) {
      const to = Math.min(target, this.opts.timeBudget);
      this.waits.push({ turn, from: this.now, to, kind: 'wait' });
      this.now = to;
      this.complete(this.now);
    }
    return { status: 'waited', now: this.now };
  }

  /** --ttl: a read whose result expired unread no longer stands for its gold call; the one made again does. */
  private releaseExpired(): void {
    if (!Number.isFinite(this.opts.ttl)) return;
    for (const c of this.calls) if (c.status !== 'rejected' && c.lifecycle === 'expired') this.releaseRead(c);
  }

  /** An expired write keeps its gold call, as the scorer has it (docs/scoring.md): its effect happened, and a write made again is a second write. */
  private releaseRead(call: AcceptedCall): void {
    if (!this.registry.fn(call.tool)?.def.mutates) this.matcher.release(call);
  }

  /** The earliest completion still to come; cancelled calls stay in the queue until they reach its top, and are dropped there. */
  private nextDue(): number | undefined {
    while (this.queue.size > 0 && this.queue.peek()!.status === 'cancelled') this.queue.pop();
    return this.queue.peekTime();
  }

  /**
   * cancel(handle), answered in reply order: a running call is stopped for good (status
   * cancelled; it never completes, so it changes nothing and is not a write). Cancelling a call
   * that finished, or one already cancelled, is rejected and counted as a wasted cancel.
   */
  private cancel(handle: unknown): ToolOutcome {
    this.cancels.requests++;
    const call = typeof handle === 'string' ? this.handles.get(handle) : undefined;
    if (!call) {
      this.cancels.wasted++;
      this.malformed.unknownHandle++;
      return { status: 'rejected', error: `cancel needs the handle of a call you made; got ${JSON.stringify(handle ?? null)}. Pending handles: ${this.pendingHandles().join(', ') || 'none'}` };
    }
    if (call.status !== 'in-flight') {
      this.cancels.wasted++;
      const what = call.status === 'cancelled' ? 'was already cancelled' : 'already finished, so it cannot be cancelled; its result stays available';
      return { status: 'rejected', error: `${call.handle} ${what}` };
    }
    const cancelled = setStatus(call, 'cancelled');
    cancelled.lifecycle = 'cancelled';
    this.matcher.release(cancelled);
    cancelled.error = `cancelled at ${this.now} s by cancel(${JSON.stringify(call.handle)}); it never completed and changed nothing`;
    return { status: 'cancelled', handle: call.handle };
  }

  /** Every call due by `t` takes effect on its toolkit state, in completion order. */
  private complete(t: number): void {
    for (let due = this.nextDue(); due !== undefined && due <= t; due = this.nextDue()) {
      const call = this.queue.pop()!;
      const toolkit = call.toolkit;
      const doom = this.doomed.get(call);
      if (doom === 'late-failure') {
        // A late failure: the call ran its full latency and failed without touching the state.
        call.completedAt = call.completesAt;
        const failed = setStatus(call, 'error');
        failed.error = `${call.tool} failed while running (a transient error of the service); nothing was changed, and calling it again may succeed`;
        failed.lifecycle = 'late-failure';
        this.settle(call);
        continue;
      }
      if (doom === 'timed-out') {
        // A timeout: the service gave up at the call's deadline without touching the state; the call must be re-issued.
        call.completedAt = call.completesAt;
        const timedOut = setStatus(call, 'timed-out');
        timedOut.error = `${call.tool} timed out after ${call.latency} s; nothing was changed; call it again to re-issue it`;
        timedOut.lifecycle = 'timed-out';
        this.settle(call);
        continue;
      }
      const before = this.states.get(toolkit) ?? initialStateFor(this.registry, toolkit);
      const outcome = runTool(this.registry.toolkit(toolkit)!.sim, before, call.tool, call.args as Record<string, unknown>);
      call.completedAt = call.completesAt;
      if (outcome.ok) {
        setStatus(call, 'ok').result = outcome.result;
        this.states.set(toolkit, outcome.state);
        if (this.registry.fn(call.tool)!.def.mutates) {
          this.stateChanges.push({ at: call.completedAt, handle: call.handle, toolkit, tool: call.tool, changes: diffState(before, outcome.state) });
        }
      } else {
        setStatus(call, 'error').error = outcome.error;
      }
      this.settle(call);
    }
  }

  /** A completed call's result goes to the agent: pushed, or left on the desk to be fetched. */
  private settle(call: AcceptedCall): void {
    if (this.opts.mode === 'sync') return;
    if (this.opts.delivery === 'push') this.undelivered.push(call);
    else this.desk.completed(call);
  }

  /** check / get_result (by handle) or check_all, answered once the turn's wait is over. */
  private fetch(name: string, handle: unknown): ToolOutcome {
    if (name === 'check_all')
      return this.desk.checkAll(
        this.calls.filter((c) => c.handle !== null),
        this.now,
      );
    const call = typeof handle === 'string' ? this.handles.get(handle) : undefined;
    if (!call) {
      this.malformed.unknownHandle++;
      return { status: 'rejected', error: `${name} needs the handle of a call you made; got ${JSON.stringify(handle ?? null)}. Handles so far: ${[...this.handles.keys()].join(', ') || 'none'}` };
    }
    return this.desk.check(call, this.now);
  }

  private pendingHandles(): string[] {
    return this.calls.filter((c) => c.status === 'in-flight').map((c) => c.handle);
  }

  private unanswered(): string[] {
    return this.sample.tasks.filter((t) => !this.answered.has(t.id)).map((t) => t.id);
  }
}

/** No tool takes arguments nested this deep; deeper ones would overflow the stack when the trace is written. */
const MAX_ARG_DEPTH = 64;

/** Built-in agents pass objects; models pass a JSON string that may be empty or broken. */
function parseArguments(tc: ToolCallRequest): { args: Record<string, unknown> } | { error: string } {
  if (tc.args) return { args: tc.args };
  const raw = tc.arguments ?? '';
  if (raw.trim() === '') return { args: {} };
  if (jsonTextDepth(raw, MAX_ARG_DEPTH) > MAX_ARG_DEPTH) return { error: `the arguments of ${tc.name} nest deeper than ${MAX_ARG_DEPTH} levels; send a flat JSON object` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { error: `the arguments of ${tc.name} are not valid JSON (${(err as Error).message}); send a JSON object` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: `the arguments of ${tc.name} must be a JSON object` };
  return { args: value as Record<string, unknown> };
}
