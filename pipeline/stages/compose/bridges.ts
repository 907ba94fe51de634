import { valuesMatch } from '../../core/normalize.ts';
import type { Bridge } from '../../schema/language.ts';
import type { Call, Task } from '../../schema/task.ts';
import { executeGold, type GoldRun } from '../../world/execute.ts';
import { getPath, isRef, MISSING, parseRef } from '../../world/refs.ts';
import type { Registry } from '../../world/registry.ts';
import type { PoolTask } from './pool.ts';
import { checkContract } from '../../validate/contract.ts';
import { bestNoun, referencePhrase } from '../../validate/reference.ts';

/** A task's answer as another task may use it: where it is, what it means and how to name it. */
export interface Produced {
  /** The producing task's id in the sample (T1...). */
  tid: string;
  /** Reference path inside the producing task (its answer, `c3.travel_cost_list[0]`). */
  ref: string;
  type: string;
  /** The phrase naming it, in the words of the producer's query ("the fare"). */
  noun: string;
  value: unknown;
}

export interface BridgeEntry {
  toolkit: string;
  bridge: Bridge;
}

/** Every bridge of the loaded toolkits, in a stable order. */
export function bridgesOf(registry: Registry): BridgeEntry[] {
  return [...registry.toolkits.values()]
    .sort((a, b) => (a.def.name < b.def.name ? -1 : a.def.name > b.def.name ? 1 : 0))
    .flatMap((tk) => tk.language.bridges.map((bridge) => ({ toolkit: tk.def.name, bridge })));
}

/**
 * The answer a task hands on, from its toolkit's language layer: only the answer, since a follow-up
 * acts on what the person asked for (a side field of the result reads as if the task had reported
 * it). Named by the noun phrase closest to the producer's own query; none when no phrase shares a
 * word with it, or when the answer is empty or zero (a no-op step).
 */
export function producedBy(entry: PoolTask, registry: Registry): Omit<Produced, 'tid'> | undefined {
  const { task, run } = entry;
  if (!isRef(task.answer) || task.answer.task) return undefined;
  const ref = task.answer.$ref;
  const { call: id, path } = parseRef(ref);
  const call = task.calls.find((c) => c.id === id);
  if (!call || call.expectError || !run.calls[id]?.ok) return undefined;
  const named = registry.toolkit(task.toolkit)?.language.results[`${call.tool}${ref.slice(id.length)}`];
  if (!named) return undefined;
  const value = getPath(run.calls[id]!.result, path);
  if (value === MISSING || !usable(value)) return undefined;
  const noun = bestNoun(named.nouns, task.query);
  return noun ? { ref, type: named.type, noun, value } : undefined;
}

/** A non-blank text or a finite non-zero number: a zero or empty input makes a no-op step. */
function usable(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  return typeof value === 'number' && Number.isFinite(value) && value !== 0;
}

/** Whether a bridge's input `slot` takes this value: its type is listed and it fits the bridge's `when`. */
export function takes(b: BridgeEntry, slot: number, p: Pick<Produced, 'type' | 'value'>): boolean {
  const types = b.bridge.takes[slot];
  if (!types?.includes(p.type)) return false;
  return !b.bridge.when || new RegExp(b.bridge.when).test(String(p.value));
}

/** One-input bridges of toolkits outside `exclude` that take this value. */
export function bridgesFor(all: readonly BridgeEntry[], p: Pick<Produced, 'type' | 'value'>, exclude: readonly string[]): BridgeEntry[] {
  return all.filter((b) => !exclude.includes(b.toolkit) && b.bridge.takes.length === 1 && takes(b, 0, p));
}

function fillArgs(value: unknown, refs: readonly Call['args'][string][]): unknown {
  if (typeof value === 'string') {
    const m = /^\$input(\d?)$/.exec(value);
    if (m) return refs[(m[1] ? Number(m[1]) : 1) - 1];
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => fillArgs(v, refs));
  if (value !== null && typeof value === 'object' && !isRef(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillArgs(v, refs)]));
  return value;
}

/** Decimal places of a number, float noise ignored (0.1 * 3 has one): the scorer compares within 1e-6 relative. */
function decimals(n: number): number {
  const s = String(Number(n.toPrecision(12)));
  if (/e/i.test(s)) return Infinity;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

export type Realised = { ok: true; entry: PoolTask; produced?: Omit<Produced, 'tid'> } | { ok: false; reason: string; detail: string };

/**
 * The bridge as a task of its toolkit fed by the producers' answers, with its hand-written query
 * (slots filled with "<noun> from Tn"), executed against the producers' gold runs. Rejected when it
 * fails, when its answer is empty or equals its input (a no-op step), carries more decimals than
 * the bridge allows, or breaks the contract (read beside its producers, `peerOf`).
 */
export function realiseBridge(
  b: BridgeEntry,
  inputs: readonly Produced[],
  registry: Registry,
  runOf: (tid: string) => GoldRun | undefined,
  peerOf: (tid: string) => Task | undefined = () => undefined,
  /** Which wording: 0 is `query`, 1 and on its `alternatives`. */
  wording = 0,
): Realised {
  const { bridge } = b;
  const refs = inputs.map((p) => ({ $ref: p.ref, task: p.tid }));
  const phrases = inputs.map((p) => referencePhrase(p.noun, p.tid));
  let query = (wording === 0 ? bridge.query : bridge.alternatives[wording - 1]!).replace(/\{input(\d?)\}/g, (_, n: string) => phrases[(n ? Number(n) : 1) - 1] ?? '');
  query = query[0]!.toUpperCase() + query.slice(1);
  const calls = bridge.calls.map((c) => ({ id: c.id, tool: c.tool, args: fillArgs(c.args, refs) as Call['args'], ...(c.after ? { after: c.after } : {}) }));
  const task: Task = {
    id: `bridge-${bridge.id}`,
    toolkit: b.toolkit,
    query,
    calls,
    answer: { $ref: bridge.answer },
    // The planner records `bridge:<id>` on the sample's member; the task itself has no lineage.
    provenance: { parents: [], operators: [] },
  };
  const run = executeGold(task, registry, undefined, (ref) => (ref.task ? runOf(ref.task) : undefined));
  const fail = (reason: string, detail: string): Realised => ({ ok: false, reason: `bridge-${reason}`, detail: `${bridge.id}: ${detail}` });
  if (run.problems.length > 0) return fail('replay', run.problems[0]!.message);
  const answer = run.answer;
  if (answer === undefined || answer === null || answer === '') return fail('empty', 'the answer is empty');
  // One input: an answer equal to it means the step did nothing. Several: the largest of them is one of them.
  if (inputs.length === 1 && valuesMatch(answer, inputs[0]!.value)) return fail('no-op', `the answer ${JSON.stringify(answer)} equals its input`);
  if (typeof answer === 'number' && decimals(answer) > bridge.maxDecimals) return fail('decimals', `the answer ${answer} has more than ${bridge.maxDecimals} decimals`);
  const broken = checkContract(task, run, registry, '$', peerOf)[0];
  if (broken) return { ok: false, reason: `contract:${broken.rule}`, detail: `bridge ${bridge.id}: ${broken.message}` };
  const entry: PoolTask = { task, root: `bridge:${bridge.id}`, run, wording: `${bridge.id}#${wording}` };
  const noun = bridge.output && usable(answer) ? bestNoun(bridge.output.nouns, query) : undefined;
  const produced = bridge.output && noun ? { ref: bridge.answer, type: bridge.output.type, noun, value: answer } : undefined;
  return { ok: true, entry, ...(produced ? { produced } : {}) };
}
