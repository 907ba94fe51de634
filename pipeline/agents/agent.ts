import type { LifecycleInForce } from './render.ts';
import type { Sample } from '../schema/sample.ts';
import type { AcceptedCall, Delivery, EnvStatus, Mode, ToolOutcome } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';

/** What an agent knows when an episode starts. */
export interface EpisodeContext {
  sample: Sample;
  registry: Registry;
  mode: Mode;
  turnCost: number;
  /** How finished results reach the agent; absent means push. */
  delivery?: Delivery;
  /** The trial (--trials) being played, from 1; a model sampling at temperature > 0 draws anew per trial. */
  trial?: number;
  /** Lifecycle events in force (--late-failure, --timeout, --ttl), for the system prompt; absent: none. */
  lifecycle?: LifecycleInForce;
}

/** What the environment tells the agent before one turn. */
export interface Observation {
  turn: number;
  /** Virtual seconds at the start of the turn. */
  now: number;
  /** Present on the first turn only. */
  tasks?: { id: string; query: string }[];
  /** Answers to every tool call of the previous turn, in call order. */
  toolResults: { toolCallId: string; name: string; outcome: ToolOutcome }[];
  /** Results delivered before this turn: pushed (push mode, in completion order) or returned by the previous turn's fetches. */
  deliveries: readonly AcceptedCall[];
  /** notify mode: handles that finished since the previous turn and have not been fetched. */
  notices?: string[];
  /** push mode with --ttl: handles whose result expired before this turn, undelivered (the call must be made again). */
  expired?: string[];
  /** Set when the previous turn made no tool call. */
  status?: EnvStatus;
}

/** One tool call of a turn: parsed arguments (built-in agents) or the raw string a model sent. */
export interface ToolCallRequest {
  id: string;
  name: string;
  args?: Record<string, unknown>;
  arguments?: string;
}

export interface AgentAction {
  content?: string | null;
  toolCalls: ToolCallRequest[];
  /** Model agents: the completion tokens of this reply (reasoning included), charged as thinking time under --turn-cost tokens:R. */
  completionTokens?: number;
  /** What was wrong with a model's reply before it was repaired; recorded in the trace and counted as malformed. */
  replyIssues?: string[];
}

/** Requests and tokens the endpoint served (paid), and replies served from the cache (what they had cost). */
export interface AgentUsage {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cachedResponses: number;
  cachedPromptTokens?: number;
  cachedCompletionTokens?: number;
}

/** One agent in one episode; it keeps its own conversation. */
export interface AgentSession {
  turn(obs: Observation): AgentAction | Promise<AgentAction>;
  usage?(): AgentUsage;
  info?(): Record<string, string>;
}

/** An agent chosen by id; `start` is called once per episode, possibly many at once. */
export interface Agent {
  readonly id: string;
  start(ctx: EpisodeContext): AgentSession;
}

/** A session that answers at once (the built-in agents), so episodes can run without awaiting. */
export interface SyncSession extends AgentSession {
  turn(obs: Observation): AgentAction;
}

export interface SyncAgent extends Agent {
  start(ctx: EpisodeContext): SyncSession;
}
