import type { Delivery, Mode } from '../schema/trace.ts';
import type { Ref } from '../schema/task.ts';
import { getPath, MISSING, resolveRefs } from '../world/refs.ts';
import type { GoldDag, GoldNode, GoldTask } from '../gold/graph.ts';
import { neededResults, r6 } from '../gold/plan.ts';
import type { AgentAction, EpisodeContext, Observation, SyncSession, ToolCallRequest } from './agent.ts';

/** What a follower needs to know of the protocol to fetch results: the delivery mode and the turn cost. */
export type Protocol = Pick<EpisodeContext, 'delivery' | 'turnCost' | 'lifecycle'>;

const UNISSUED = 0;
const ISSUED = 1;
const DELIVERED = 2;
/** A call that can never be made: a reference it needs points to a failed call or a missing field. */
const IMPOSSIBLE = 3;

/**
 * What the built-in agents share: they follow the gold DAG, learn handles from the tool
 * messages, read results only once delivered, and build arguments from delivered values.
 * When a delivered result cannot feed a dependent call (the call failed, e.g. because another
 * task changed the shared state first, or the field is missing), that call and everything after
 * it are given up, so its task stays unsolved instead of the episode crashing.
 */
export abstract class GoldFollower implements SyncSession {
  protected readonly state: Uint8Array;
  protected readonly results: unknown[];
  protected readonly answered = new Set<string>();
  protected readonly started = new Set<string>();
  private readonly byCallId = new Map<string, number>();
  private readonly byHandle = new Map<string, number>();
  /** The handle of each issued call: predicted at issue (the engine numbers accepted calls h1, h2, ...), then as the engine gave it. */
  protected readonly handleOf: (string | undefined)[];
  /** False once a handle the engine gave differs from the one predicted. */
  protected handlesPredicted = true;
  private nextId = 0;
  private accepted = 0;
  protected readonly delivery: Delivery;
  private readonly turnCost: number;
  /** Virtual time at the start of the current turn. */
  protected now = 0;
  /** When each issued call should complete, from its gold latency (NaN: not issued). */
  protected readonly predicted: Float64Array;
  /** notify: handles announced as finished. */
  private readonly noticed = new Set<string>();
  /** Fetch only the results predicted to be done by the end of the turn (the oracle on its plan); otherwise fetch whenever a call is pending. */
  protected preciseFetch = false;
  /** False for an agent that never fetches (faulty:never-fetch). */
  protected fetching = true;
  /** Gold calls whose result some call or answer needs (gold/plan.ts). */
  private readonly needed: boolean[];

  constructor(
    protected readonly dag: GoldDag,
    protected readonly mode: Mode,
    protocol: Partial<Protocol> = {},
  ) {
    this.delivery = mode === 'sync' ? 'push' : (protocol.delivery ?? 'push');
    this.turnCost = protocol.turnCost ?? 0;
    this.predicted = new Float64Array(dag.nodes.length).fill(NaN);
    this.state = new Uint8Array(dag.nodes.length);
    this.results = new Array(dag.nodes.length);
    this.handleOf = new Array(dag.nodes.length);
    this.needed = neededResults(dag);
    for (const node of dag.nodes) {
      if (node.refs.some((r) => r.node === undefined)) this.giveUp(node.idx);
    }
  }

  abstract plan(obs: Observation): ToolCallRequest[];

  turn(obs: Observation): AgentAction {
    for (const r of obs.toolResults) {
      const idx = this.byCallId.get(r.toolCallId);
      if (idx === undefined) continue;
      const o = r.outcome;
      if (o.status === 'pending') {
        this.byHandle.set(o.handle, idx);
        if (this.handleOf[idx] !== o.handle) this.handlesPredicted = false;
        this.handleOf[idx] = o.handle;
      } else if (o.status === 'ok') this.deliver(idx, o.result);
      else if (o.status === 'error' || o.status === 'timed-out' || o.status === 'rejected') this.deliver(idx, undefined);
    }
    for (const d of obs.deliveries) {
      const idx = this.byHandle.get(d.handle);
      if (idx !== undefined) this.deliver(idx, d.status === 'ok' ? d.result : undefined);
    }
    // --ttl: a lost read that something needs is made again (the engine gives the new call a new handle). A lost
    // write is never made again (its effect happened: a second call would write twice), nor a result nothing needs.
    for (const h of expiredHandles(obs)) {
      const idx = this.byHandle.get(h);
      if (idx === undefined) continue;
      if (this.needed[idx] && !this.dag.nodes[idx]!.mutates) this.forget(idx);
      else this.deliver(idx, undefined);
    }
    this.now = obs.now;
    for (const h of obs.notices ?? []) this.noticed.add(h);
    const calls = this.plan(obs);
    return { content: null, toolCalls: calls.concat(this.fetches(calls)) };
  }

  /**
   * The fetch calls that go with a turn's plan in the modes that do not push results: answered
   * after the turn's wait, so what completed by then is delivered before the next turn, as push
   * would deliver it. None in a turn that ends the episode.
   */
  private fetches(calls: readonly ToolCallRequest[]): ToolCallRequest[] {
    if (this.delivery === 'push' || !this.fetching) return [];
    if (calls.some((c) => c.name === 'finish') || this.answered.size === this.dag.tasks.length) return [];
    const pending = this.dag.nodes.filter((n) => this.state[n.idx] === ISSUED && this.handleOf[n.idx] !== undefined).map((n) => n.idx);
    if (pending.length === 0) return [];
    const until = this.turnEnd(calls, pending);
    const due = pending.filter((i) => this.predicted[i]! <= until + 1e-9);
    if (this.delivery === 'notify') {
      const handles = pending.filter((i) => due.includes(i) || (!this.preciseFetch && this.noticed.has(this.handleOf[i]!))).map((i) => this.handleOf[i]!);
      return handles.map((handle) => this.control('get_result', { handle }));
    }
    return (this.preciseFetch ? due.length > 0 : true) ? [this.control('check_all')] : [];
  }

  /** When the turn will be over: its cost, then its wait (for a handle, or for the first pending call). */
  private turnEnd(calls: readonly ToolCallRequest[], pending: number[]): number {
    const end = r6(this.now + this.turnCost);
    const wait = calls.find((c) => c.name === 'wait');
    if (!wait) return end;
    const handle = wait.args?.handle;
    const targets = pending.filter((i) => handle === undefined || this.handleOf[i] === handle).map((i) => this.predicted[i]!);
    return Math.max(end, handle === undefined ? Math.min(...targets) : Math.max(...targets, end));
  }

  protected deliver(idx: number, result: unknown): void {
    this.state[idx] = DELIVERED;
    this.results[idx] = result;
    for (const succ of this.dag.nodes[idx]!.succs) {
      const node = this.dag.nodes[succ]!;
      const fromIt = node.refs.filter((r) => r.node === idx);
      if (fromIt.some((r) => this.refValue(node, r.ref) === MISSING)) this.giveUp(succ);
    }
  }

  /** Marks a call that can never be made, and every call that must wait for it. */
  private giveUp(idx: number): void {
    if (this.state[idx] !== UNISSUED) return;
    this.state[idx] = IMPOSSIBLE;
    for (const succ of this.dag.nodes[idx]!.succs) this.giveUp(succ);
  }

  /** Whether the call is issued and its result not delivered yet (running, as far as the agent knows). */
  protected isIssued(idx: number): boolean {
    return this.state[idx] === ISSUED;
  }

  /** Forget an issued call (cancelled, or its result lost) so that it is made again. */
  protected forget(idx: number): void {
    if (this.state[idx] === ISSUED) this.state[idx] = UNISSUED;
  }

  protected isUnissued(idx: number): boolean {
    return this.state[idx] === UNISSUED;
  }

  protected isDelivered(idx: number): boolean {
    return this.state[idx] === DELIVERED;
  }

  protected hasPending(): boolean {
    return this.state.includes(ISSUED);
  }

  /** Every input delivered, and every `after` call this agent makes done (it may skip optional ones). */
  protected predsDelivered(node: GoldNode, skipsOptional = false): boolean {
    const preds = skipsOptional ? node.gating : [...node.refPreds, ...node.afterPreds];
    return preds.every((p) => this.state[p] === DELIVERED);
  }

  protected taskDone(task: GoldTask): boolean {
    return task.nodes.every((i) => this.state[i] === DELIVERED);
  }

  /** True when every reference of the call has a value (delivered, or from `fallback` for one that is not). */
  protected resolvable(node: GoldNode, fallback?: (idx: number) => unknown): boolean {
    return node.refs.every(({ ref }) => this.refValue(node, ref, fallback) !== MISSING);
  }

  /**
   * Arguments with every reference replaced by a delivered value (or by `fallback` for one that
   * is not). Only called for a call whose references resolve: delivery gives up the others.
   */
  protected resolveArgs(node: GoldNode, fallback?: (idx: number) => unknown): Record<string, unknown> {
    if (node.canon !== null) return node.args;
    return resolveRefs(node.args, (ref) => this.refValue(node, ref, fallback)) as Record<string, unknown>;
  }

  /** A failed call delivers no result (undefined), so nothing can be read from it. */
  private refValue(node: GoldNode, ref: Ref, fallback?: (idx: number) => unknown): unknown {
    const r = node.refs.find((x) => x.ref === ref);
    if (r?.node === undefined) return MISSING;
    const value = this.state[r.node] === DELIVERED ? this.results[r.node] : fallback?.(r.node);
    const v = getPath(value, r.path);
    return v === undefined ? MISSING : v;
  }

  protected answerOf(task: GoldTask): unknown {
    if ('literal' in task.answer) return task.answer.literal;
    const v = getPath(this.results[task.answer.node], task.answer.path);
    return v === MISSING ? null : v;
  }

  protected issue(node: GoldNode, tool: string, args: Record<string, unknown>): ToolCallRequest {
    const id = `call_${++this.nextId}`;
    this.byCallId.set(id, node.idx);
    this.handleOf[node.idx] = `h${++this.accepted}`;
    this.predicted[node.idx] = r6(r6(this.now + this.turnCost) + (this.mode === 'instant' ? 0 : node.latency));
    this.state[node.idx] = ISSUED;
    this.started.add(node.taskId);
    return { id, name: tool, args };
  }

  /** A call this agent does not follow as a gold call: a control tool, or a repeat whose result it ignores. */
  protected control(name: string, args: Record<string, unknown> = {}): ToolCallRequest {
    return { id: `call_${++this.nextId}`, name, args };
  }

  protected submit(task: GoldTask, answer: unknown): ToolCallRequest {
    this.answered.add(task.id);
    return this.control('submit_answer', { task_id: task.id, answer });
  }
}

/** Handles whose result the observation says expired: pushed notes, and the answers of fetches. */
function expiredHandles(obs: Observation): string[] {
  const out = [...(obs.expired ?? [])];
  for (const r of obs.toolResults) {
    if (r.outcome.status === 'expired' && r.outcome.handle) out.push(r.outcome.handle);
    if (r.outcome.status === 'checked') for (const c of r.outcome.calls) if (c.status === 'expired') out.push(c.handle);
  }
  return out;
}
