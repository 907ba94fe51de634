import { valuesMatch } from '../../core/normalize.ts';
import type { Bridge } from '../../schema/language.ts';
import type { Call, Task } from '../../schema/task.ts';
import { executeGold, type GoldRun } from '../../world/execute.ts';
import { getPath, isRef, MISSING, parseRef } from '../../world/refs.ts';
import type { Registry } from '../../world/registry.ts';
import type { PoolTask } from './pool.ts';
import { checkContract } from '../../validate/contract.ts';

/** A task's answer as another task may use it: where it is, what it means and how to name it. */
export interface Produced {
  /** The producing task's id in the sample (T1...). */
  tid: string;
  /** Reference path inside the producing task (`c3.travel_cost_list[0]`). */
  ref: string;
  type: string;
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
 * The values a task hands on, from its toolkit's language layer: its answer first, then any other
 * named field of a successful call whose function the task calls once (so "the flight fare from
 * task T1" can mean one value only). Empty values and zeros are left out (they make no-op steps).
 */
export function producedBy(entry: PoolTask, registry: Registry): Omit<Produced, 'tid'>[] {
  const { task, run } = entry;
  const results = registry.toolkit(task.toolkit)?.language.results ?? {};
  const out: Omit<Produced, 'tid'>[] = [];
  const answerRef = isRef(task.answer) && !task.answer.task ? task.answer.$ref : undefined;
  const answerCall = answerRef ? parseRef(answerRef).call : undefined;
  for (const call of task.calls) {
    if (call.expectError || !run.calls[call.id]?.ok) continue;
    if (task.calls.filter((c) => c.tool === call.tool).length > 1) continue;
    for (const [key, named] of Object.entries(results)) {
      if (!key.startsWith(`${call.tool}.`)) continue;
      const ref = `${call.id}${key.slice(call.tool.length)}`;
      // A side field of the answer's own call ("the number of tweets" beside the follower count
      // the task asks for) reads as if the task had asked for it.
      if (call.id === answerCall && ref !== answerRef) continue;
      const value = getPath(run.calls[call.id]!.result, parseRef(ref).path);
      if (value === MISSING || !usable(value, named.type)) continue;
      const item = { ref, type: named.type, noun: named.noun, value };
      if (ref === answerRef) out.unshift(item);
      else out.push(item);
    }
  }
  return out;
}

/** Texts for text types, finite non-zero numbers for the rest: a zero or empty input makes a no-op step. */
function usable(value: unknown, type: string): boolean {
  if (type.startsWith('text.')) return typeof value === 'string' && value.trim() !== '';
  return typeof value === 'number' && Number.isFinite(value) && value !== 0;
}

/** Bridges of toolkits outside `exclude` that take `n` inputs of this type. */
export function bridgesFor(all: readonly BridgeEntry[], type: string, n: number, exclude: readonly string[]): BridgeEntry[] {
  return all.filter((b) => !exclude.includes(b.toolkit) && b.bridge.accepts.includes(type) && b.bridge.inputs.includes(n));
}

/** "A, B and C". */
function listPhrase(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function fillArgs(value: unknown, refs: readonly Call['args'][string][]): unknown {
  if (value === '$inputs') return [...refs];
  if (typeof value === 'string') {
    const m = /^\$input(\d?)$/.exec(value);
    if (m) return refs[(m[1] ? Number(m[1]) : 1) - 1];
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => fillArgs(v, refs));
  if (value !== null && typeof value === 'object' && !isRef(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillArgs(v, refs)]));
  return value;
}

function decimals(n: number): number {
  const s = String(n);
  if (/e/i.test(s)) return Infinity;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

export type Realised = { ok: true; entry: PoolTask; produced?: Omit<Produced, 'tid'> } | { ok: false; reason: string; detail: string };

/**
 * The bridge as a task of its toolkit fed by the producers' answers, with its hand-written query
 * (slots filled with "<noun> in task Tn"), executed against the producers' gold runs. Rejected
 * when it fails, when its answer is empty or equals an input (a no-op step), or carries more
 * decimals than the bridge allows.
 */
export function realiseBridge(b: BridgeEntry, inputs: readonly Produced[], registry: Registry, runOf: (tid: string) => GoldRun | undefined): Realised {
  const { bridge } = b;
  const refs = inputs.map((p) => ({ $ref: p.ref, task: p.tid }));
  const phrases = inputs.map((p) => `${p.noun} in task ${p.tid}`);
  let query = bridge.query.replace(/\{inputs\}/g, listPhrase(phrases)).replace(/\{input(\d?)\}/g, (_, n: string) => phrases[(n ? Number(n) : 1) - 1] ?? '');
  query = query[0]!.toUpperCase() + query.slice(1);
  const calls = bridge.calls.map((c) => ({ id: c.id, tool: c.tool, args: fillArgs(c.args, refs) as Call['args'] }));
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
  const broken = checkContract(task, run, registry)[0];
  if (broken) return { ok: false, reason: `contract:${broken.rule}`, detail: `bridge ${bridge.id}: ${broken.message}` };
  const entry: PoolTask = { task, root: `bridge:${bridge.id}`, run };
  const produced = bridge.output && usable(answer, bridge.output.type) ? { ref: bridge.answer, type: bridge.output.type, noun: bridge.output.noun, value: answer } : undefined;
  return { ok: true, entry, ...(produced ? { produced } : {}) };
}
