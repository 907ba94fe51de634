import type { Registry } from '../world/registry.ts';
import type { Task } from '../schema/task.ts';
import { CallParseError, parseCall } from './call-parser.ts';
import { buildTask, type BindStats, type SourceCall } from './build-task.ts';
import type { ImportReject } from './report.ts';
import { bfclTaskState } from './bfcl-state.ts';
import { isLongContextEntry } from './long-context.ts';

/** BFCL's multi-turn API classes and the toolkits that follow their function docs. */
export const BFCL_CLASSES: Readonly<Record<string, string>> = {
  GorillaFileSystem: 'filesystem',
  MathAPI: 'math',
  MessageAPI: 'message',
  TwitterAPI: 'social',
  TicketAPI: 'ticket',
  TradingBot: 'trading',
  TravelAPI: 'travel',
  VehicleControlAPI: 'vehicle',
};

/** One line of a BFCL multi-turn question file. */
export interface BfclEntry {
  id: string;
  question: { role: string; content: string }[][];
  initial_config?: Record<string, Record<string, unknown>>;
  involved_classes: string[];
  /** Gold path as `Class.method`; tells which class a function belongs to even when we lack it. */
  path?: string[];
  /** miss_func: per turn index, the functions withheld until that turn. */
  missed_function?: Record<string, string[]>;
}

/** One line of a BFCL possible-answer file: per turn, the gold calls as Python call strings. */
export interface BfclAnswer {
  id: string;
  ground_truth: string[][];
}

export interface EntryResult {
  tasks: { task: Task; className: string; stats: BindStats }[];
  rejects: ImportReject[];
  /** Involved classes with no gold call: nothing to ask of that toolkit, so no task. */
  skipped: string[];
}

interface TurnCall {
  turn: number;
  text: string;
  parsed?: { name: string; args: Record<string, unknown> };
  error?: { reason: ImportReject['reason']; fn?: string; detail: string };
}

/** The seed id of one class of one entry, e.g. `bfcl-multi_turn_base_12-trading`. */
function bfclTaskId(entryId: string, toolkit: string): string {
  return `bfcl-${entryId}-${toolkit}`;
}

/**
 * Converts one BFCL entry into one seed task per involved class that has gold calls. A class
 * whose calls cannot be parsed, mapped or replayed is rejected with its reason; the others still convert.
 */
export function convertBfclEntry(entry: BfclEntry, answer: BfclAnswer | undefined, registry: Registry): EntryResult {
  const out: EntryResult = { tasks: [], rejects: [], skipped: [] };
  const classes = [...entry.involved_classes].sort();
  const reject = (className: string, reason: ImportReject['reason'], detail: string, fn?: string) => out.rejects.push({ entry: entry.id, class: className, reason, ...(fn ? { fn } : {}), detail });
  if (!answer) {
    for (const c of classes) reject(c, 'no-answer', 'the answers file has no ground truth for this entry');
    return out;
  }
  const classOf = classResolver(entry, registry);
  const turnCalls: TurnCall[] = answer.ground_truth.flatMap((calls, turn) => calls.map((text) => parseTurnCall(text, turn, registry)));
  const missing = Object.values(entry.missed_function ?? {})
    .flat()
    .filter((fn) => !registry.fn(fn));

  for (const className of classes) {
    const toolkit = BFCL_CLASSES[className];
    const own = turnCalls.filter((c) => classOf(c.parsed?.name ?? nameOf(c.text)) === className);
    if (!toolkit) {
      reject(className, 'unknown-class', `no toolkit follows the BFCL class ${className}`);
      continue;
    }
    if (own.length === 0) {
      out.skipped.push(className);
      continue;
    }
    const bad = own.find((c) => c.error);
    if (bad) {
      reject(className, bad.error!.reason, bad.error!.detail, bad.error!.fn);
      continue;
    }
    const lacking = missing.find((fn) => classOf(fn) === className);
    if (lacking) {
      reject(className, 'unknown-function', `the withheld function ${lacking} is not a function of any loaded toolkit`, lacking);
      continue;
    }
    const built = buildTask(
      {
        id: bfclTaskId(entry.id, toolkit),
        toolkit,
        // BFCL's class defaults fill what initial_config leaves out, as BFCL's own loader does.
        initialState: bfclTaskState(registry, className, entry.initial_config?.[className], isLongContextEntry(entry.id) ? entry.id : undefined),
        request: requestFor(entry, answer, new Set(own.map((c) => c.turn))),
        calls: own.map((c) => ({ tool: c.parsed!.name, args: c.parsed!.args }) satisfies SourceCall),
        source: `BFCL v3 ${entry.id} (Apache-2.0)`,
        operator: 'import:bfcl',
      },
      registry,
    );
    if (built.ok) out.tasks.push({ task: built.task, className, stats: built.stats });
    else reject(className, built.reason, built.detail, built.fn);
  }
  return out;
}

/** The class of a function: from the entry's own gold path first, else from the toolkit that defines it. */
function classResolver(entry: BfclEntry, registry: Registry): (fn: string) => string | undefined {
  const fromPath = new Map<string, string>();
  for (const step of entry.path ?? []) {
    const dot = step.indexOf('.');
    if (dot > 0) fromPath.set(step.slice(dot + 1), step.slice(0, dot));
  }
  const byToolkit = new Map(Object.entries(BFCL_CLASSES).map(([cls, tk]) => [tk, cls]));
  return (fn) => fromPath.get(fn) ?? byToolkit.get(registry.fn(fn)?.toolkit ?? '');
}

function nameOf(callText: string): string {
  return /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(callText)?.[1] ?? '';
}

function parseTurnCall(text: string, turn: number, registry: Registry): TurnCall {
  let call;
  try {
    call = parseCall(text);
  } catch (err) {
    if (!(err instanceof CallParseError)) throw err;
    return { turn, text, error: { reason: 'unparsable-call', fn: nameOf(text) || undefined, detail: err.message } };
  }
  const fn = registry.fn(call.name);
  if (!fn) return { turn, text, parsed: { name: call.name, args: call.keyword }, error: { reason: 'unknown-function', fn: call.name, detail: `${call.name} is not a function of any loaded toolkit` } };
  // Positional arguments follow the parameter order of the function's definition, as in Python.
  const names = Object.keys((fn.def.parameters.properties ?? {}) as Record<string, unknown>);
  if (call.positional.length > names.length) {
    return {
      turn,
      text,
      parsed: { name: call.name, args: call.keyword },
      error: { reason: 'bad-arguments', fn: call.name, detail: `${text}: ${call.positional.length} positional arguments, but ${call.name} takes ${names.length} parameters` },
    };
  }
  const args: Record<string, unknown> = {};
  call.positional.forEach((v, i) => (args[names[i]!] = v));
  for (const [k, v] of Object.entries(call.keyword)) {
    if (k in args) return { turn, text, parsed: { name: call.name, args }, error: { reason: 'bad-arguments', fn: call.name, detail: `${text}: ${k} is given both by position and by name` } };
    args[k] = v;
  }
  return { turn, text, parsed: { name: call.name, args } };
}

/**
 * The user turns joined into one request: the turns where this class acts, plus the turns where
 * nothing is called (a request for a withheld function, or one missing a parameter, which a later
 * turn completes); turns that only concern other classes are left out.
 */
function requestFor(entry: BfclEntry, answer: BfclAnswer, ownTurns: Set<number>): string {
  const parts: string[] = [];
  entry.question.forEach((turn, i) => {
    const silent = (answer.ground_truth[i] ?? []).length === 0;
    if (!ownTurns.has(i) && !silent) return;
    for (const msg of turn) {
      if (msg.role !== 'user') continue;
      const text = msg.content.trim();
      if (text) parts.push(/[.!?)"']$/.test(text) ? text : `${text}.`);
    }
  });
  return parts.join(' ');
}
