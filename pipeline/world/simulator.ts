import { ToolError } from '../core/errors.ts';
import { hashValue } from '../core/canonical.ts';
import { cloneJson } from '../core/clone.ts';

export type State = Record<string, unknown>;

/** What every simulator function gets beside its state and arguments. */
export interface SimContext {
  /**
   * An opaque, unguessable id derived from a hash of its parts, so a dependent call can
   * only be right if the agent read the earlier result. Pass everything that makes the value unique.
   */
  id(prefix: string, ...parts: unknown[]): string;
  /** Throws a tool error: an ordinary result the agent sees, with the state left unchanged. */
  fail(message: string): never;
}

/**
 * One simulator function. It receives a private deep copy of the toolkit state and may mutate it;
 * the runtime keeps the copy only when the call succeeds, so callers see a pure
 * `(state, args) -> (newState, result | error)`. `A` is its arguments as toolkit.yaml declares them
 * (the environment checks every call against that schema first); the state stays `any` because each
 * task may lay its own initial state over the toolkit default.
 */
// biome-ignore lint/suspicious/noExplicitAny: the default keeps untyped plugins and the runtime table assignable.
export type SimFunction<A = any> = (state: any, args: A, ctx: SimContext) => unknown;

/** Arguments of every function of a toolkit, by function name: `toolkits/<name>/args.ts`, generated from toolkit.yaml. */
export type SimArgs = { [fn: string]: object };

/** One implementation per function of `A`, each taking that function's arguments, none more. */
export type SimFunctions<A extends SimArgs> = { [K in keyof A]: SimFunction<A[K]> };

export interface Simulator {
  toolkit: string;
  functions: Record<string, SimFunction>;
}

export type SimOutcome = { ok: true; state: State; result: unknown } | { ok: false; state: State; error: string };

/** Thrown when a simulator breaks its contract (throws something other than a tool error). */
export class SimulatorCrash extends Error {
  constructor(
    readonly toolkit: string,
    readonly fn: string,
    readonly original: unknown,
  ) {
    super(`simulator ${toolkit}.${fn} threw ${original instanceof Error ? `${original.name}: ${original.message}` : String(original)}`);
    this.name = 'SimulatorCrash';
  }
}

/** What every simulator call gets, in-process and in a plugin's worker thread alike, so ids agree wherever a plugin runs. */
export const simContext: SimContext = {
  id(prefix, ...parts) {
    return `${prefix}_${hashValue(parts).slice(0, 12)}`;
  },
  fail(message) {
    throw new ToolError(message);
  },
};

/**
 * A toolkit's simulator. Pass the generated `Args` (`defineSimulator<Args>(...)`) so each function's
 * arguments are typed from toolkit.yaml and a function the YAML lacks, or lacks an implementation, fails the type check.
 */
// biome-ignore lint/suspicious/noExplicitAny: without `Args` (untyped plugins, test fixtures) each function declares its own.
export function defineSimulator<A extends SimArgs = Record<string, any>>(toolkit: string, functions: SimFunctions<NoInfer<A>>): Simulator {
  return { toolkit, functions: functions as Record<string, SimFunction> };
}

const frozen = new WeakSet<object>();

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

/**
 * Runs one call purely: the input state is never touched. A function declared `mutates: false`
 * reads the state in place, frozen, instead of a copy: reads are most calls, and copying the
 * state for each of them is most of the cost of an episode. A read that writes anyway fails loudly.
 */
export function runTool(sim: Simulator, state: State, fn: string, args: Record<string, unknown>, options: { mutates?: boolean } = {}): SimOutcome {
  const impl = sim.functions[fn];
  if (!impl) return { ok: false, state, error: `Unknown function ${fn} in toolkit ${sim.toolkit}.` };
  const readOnly = options.mutates === false;
  if (readOnly && !frozen.has(state)) {
    deepFreeze(state);
    frozen.add(state);
  }
  const draft = readOnly ? state : cloneJson(state);
  try {
    const result = impl(draft, cloneJson(args), simContext);
    // Results cross a JSON boundary (traces, messages), so undefined becomes null.
    return { ok: true, state: draft, result: result === undefined ? null : result };
  } catch (err) {
    if (err instanceof ToolError) return { ok: false, state, error: err.message };
    if (readOnly && err instanceof TypeError && /read.only|not extensible|Cannot (assign|add|delete|define)/i.test(err.message)) {
      throw new SimulatorCrash(sim.toolkit, fn, new Error(`it changed the state but is declared mutates: false in toolkit.yaml (${err.message})`));
    }
    throw new SimulatorCrash(sim.toolkit, fn, err);
  }
}
