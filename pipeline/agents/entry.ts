import { UserInputError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import type { PriceOverride } from '../llm/prices.ts';
import type { GroupMetrics, RunCost } from '../score/summary.ts';
import type { Agent } from './agent.ts';

/**
 * What the evaluate and ablate commands' agent flags say, as given; each agent reads the ones it
 * declares in `flags` and turns them into its own options (an agent without flags ignores them).
 */
export interface AgentFlags {
  baseURL?: string;
  apiKeyEnv?: string;
  temperature?: number;
  maxTokens?: number;
  parallelToolCalls?: boolean;
  maxConsecutiveFailures?: number;
  maxSilenceMs?: number;
  /** Where a model agent caches replies (default .cache/llm; null: no cache). No CLI flag: for code and tests. */
  cacheDir?: string | null;
  logger?: Logger;
}

/** What a run gives every agent it makes: the flags, the run's seed and the episodes (or requests) in flight. */
export interface AgentSettings {
  flags: AgentFlags;
  seed?: number;
  concurrency: number;
}

/**
 * One line of the agents table (agents/table.ts): an id (`oracle`) or a prefix taking a parameter
 * (`faulty:<kind>`, `openai:<model>`), and everything evaluate does differently for it.
 * `Options` is the agent's own option type; only its entry turns the run's settings into it.
 */
export interface AgentEntry<Options = unknown, Param extends string = string> {
  /** The id itself (`oracle`), or a prefix ending in `:` followed by the parameter (`openai:`). */
  prefix: string;
  /** How --help and the unknown-agent error name it: `oracle`, `faulty:<kind>`. */
  help: string;
  /** A prefix's valid parameters, listed in the unknown-agent error; absent: any non-empty text. */
  params?: readonly Param[];
  /** Episodes run at once when --concurrency is not given (for a model: requests in flight). */
  defaultConcurrency: number;
  /** The CLI flags this agent reads; any other agent flag given with it is ignored with a warning. */
  flags?: readonly string[];
  /** The agent's options from the run's settings; runs before anything is read or written, so a bad setting is one error. */
  options(settings: AgentSettings): Options;
  /** `param` is one of `params` when they are given (the registry checks), else the text after the prefix. */
  create(param: Param, options: Options): Agent;
  /** Settings besides id, seed and budgets that change the agent's answers: recorded in run.json and checked on resume. */
  settingsForResume?(options: Options): Record<string, unknown>;
  /** What the run's tokens cost (summary.json `cost`); absent for agents that call no model. */
  cost?(param: string, tokens: GroupMetrics['tokens'], price: PriceOverride | undefined): RunCost | null;
}

/** An agent entry with its options type erased: the table holds agents of different option types. */
export interface AgentKind extends Omit<AgentEntry, 'options' | 'create' | 'settingsForResume' | 'params'> {
  params?: readonly string[];
  /** Reads the agent's options from the run's settings (throws a UserInputError on a bad one). */
  prepare(settings: AgentSettings): PreparedAgent;
}

export interface PreparedAgent {
  create(param: string): Agent;
  /** run.json's extra settings for this agent (empty for most). */
  settingsForResume: Record<string, unknown>;
}

/** An agents-table line from an agent's entry; an agent without options leaves `options` out. */
export function defineAgent<Param extends string = string>(entry: Omit<AgentEntry<undefined, Param>, 'options'>): AgentKind;
export function defineAgent<Options, Param extends string = string>(entry: AgentEntry<Options, Param>): AgentKind;
export function defineAgent<Options, Param extends string>(entry: Omit<AgentEntry<Options, Param>, 'options'> & { options?: AgentEntry<Options, Param>['options'] }): AgentKind {
  const { options, create, settingsForResume, ...rest } = entry;
  return {
    ...rest,
    prepare(settings) {
      // Without an options function Options is undefined (the first overload).
      const own = options ? options(settings) : (undefined as Options);
      const isParam = (param: string): param is Param => rest.params === undefined || (rest.params as readonly string[]).includes(param);
      const make = (param: string) => {
        // The registry asks only for listed parameters; this guards anyone calling prepare() directly.
        if (!isParam(param)) throw new UserInputError(`unknown agent "${rest.prefix}${param}"; valid: ${rest.params!.map((p) => rest.prefix + p).join(', ')}`);
        return create(param, own);
      };
      return { create: make, settingsForResume: settingsForResume?.(own) ?? {} };
    },
  };
}
