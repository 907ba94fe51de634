import type { Sample } from '../schema/sample.ts';
import type { Delivery, Mode, Trace } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import type { Agent, AgentAction, AgentSession } from '../agents/agent.ts';
import { Episode, type ResolvedOptions } from './episode.ts';
import { goldDag } from '../gold/graph.ts';
import { describeThrown, EndpointError, RunStopped } from '../core/errors.ts';

export interface EpisodeOptions {
  /** `async` (default): pending handles; `sync`: every call blocks; `instant`: zero latency. */
  mode?: Mode;
  /** Default: 10 + 3 per gold call, at least 30. */
  turnBudget?: number;
  /** Virtual seconds. Default: 60 + 4 times the sample's sequential bound (every gold call one after another). */
  timeBudget?: number;
  /** Varies the latency drawn for calls that match no gold call; default none (keyed by sample, tool and arguments only). */
  seed?: number;
  /** How finished results reach the agent (default push); ignored in sync mode, where every reply carries its results. */
  delivery?: Delivery;
  /** The trial (--trials) this episode plays, recorded in the trace; the sample passed is already that trial's. */
  trial?: number;
  /** --turn-cost tokens: completion tokens per virtual second of thinking, charged on top of the sample's turnCost. */
  tokensPerSecond?: number;
  /** --ttl: virtual seconds a finished result stays available before it is handed over; default forever. */
  ttl?: number;
  /** Whether calls fail late or time out in this episode (the sample carries which), so the agent's prompt can say so. */
  lifecycle?: { lateFailures: boolean; timeouts: boolean };
}

/** Defaults in one place; they depend on the sample only, never on its recorded meta makespans. */
function resolveOptions(sample: Sample, registry: Registry, options: EpisodeOptions = {}): ResolvedOptions {
  const dag = goldDag(sample, registry);
  const turnCost = sample.meta.turnCost;
  const sequentialBound = dag.nodes.reduce((s, n) => s + n.latency + turnCost, turnCost);
  return {
    mode: options.mode ?? 'async',
    turnCost,
    turnBudget: options.turnBudget ?? Math.max(30, 10 + 3 * dag.nodes.length),
    timeBudget: options.timeBudget ?? 60 + 4 * sequentialBound,
    seed: options.seed ?? null,
    delivery: options.mode === 'sync' ? 'push' : (options.delivery ?? 'push'),
    trial: options.trial ?? 1,
    tokensPerSecond: options.tokensPerSecond ?? null,
    ttl: options.ttl ?? Infinity,
    lifecycle: { lateFailures: options.lifecycle?.lateFailures ?? false, timeouts: options.lifecycle?.timeouts ?? false, ...(options.ttl === undefined ? {} : { ttl: options.ttl }) },
  };
}

function startSession(agent: Agent, sample: Sample, registry: Registry, opts: ResolvedOptions): AgentSession {
  return agent.start({ sample, registry, mode: opts.mode, turnCost: opts.turnCost, delivery: opts.delivery, trial: opts.trial, lifecycle: opts.lifecycle });
}

function finishTrace(episode: Episode, agent: Agent, session: AgentSession): Trace {
  return episode.toTrace(agent.id, { usage: session.usage?.(), agentInfo: session.info?.() });
}

/**
 * Runs one episode to its end and returns its full trace. An endpoint that failed (EndpointError)
 * propagates, so the episode is retried on resume; anything else the agent or a simulator throws
 * ends this episode as `harness-error` with the reason, so one bad reply cannot take the run down.
 */
export async function runEpisode(sample: Sample, agent: Agent, registry: Registry, options?: EpisodeOptions): Promise<Trace> {
  const opts = resolveOptions(sample, registry, options);
  const episode = new Episode(sample, registry, opts);
  const session = startSession(agent, sample, registry, opts);
  try {
    for (let obs = episode.observe(); obs; obs = episode.observe()) {
      const reply = session.turn(obs);
      episode.act(reply instanceof Promise ? await reply : reply);
    }
  } catch (err) {
    if (err instanceof EndpointError || err instanceof RunStopped) throw err;
    episode.abort(describeThrown(err));
  }
  return finishTrace(episode, agent, session);
}

/**
 * The same loop for agents that answer synchronously (the built-in ones), used where a
 * promise cannot be awaited (the scorer's lazy gold run) and by benchmarks.
 */
export function runEpisodeSync(sample: Sample, agent: Agent, registry: Registry, options?: EpisodeOptions): Trace {
  const opts = resolveOptions(sample, registry, options);
  const episode = new Episode(sample, registry, opts);
  const session = startSession(agent, sample, registry, opts);
  for (let obs = episode.observe(); obs; obs = episode.observe()) episode.act(syncReply(session.turn(obs), agent));
  return finishTrace(episode, agent, session);
}

function syncReply(reply: AgentAction | Promise<AgentAction>, agent: Agent): AgentAction {
  if (reply instanceof Promise) throw new Error(`agent ${agent.id} answers asynchronously; use runEpisode`);
  return reply;
}
