import type { Registry } from '../world/registry.ts';
import type { Task } from '../schema/task.ts';
import { collectRefs, isRef, parseRef } from '../world/refs.ts';
import { buildTask, type BindStats, type SourceCall } from './build-task.ts';
import type { ImportReject } from './report.ts';

/** One NESTFUL sample: a request and its gold sequence; `var_result` names the values returned. */
export interface NestfulSample {
  input: string;
  output: { name: string; arguments?: Record<string, unknown>; label?: string }[];
}

/** One API of a NESTFUL spec file; only the name matters here (which APIs we can execute). */
export interface NestfulSpec {
  name: string;
}

export interface NestfulResult {
  tasks: { task: Task; toolkit: string; stats: BindStats }[];
  rejects: ImportReject[];
}

const RESULT_CALL = 'var_result';
/** A whole argument that is one reference: `$var1$` or `$var1.field.sub[0]$`. */
const WHOLE_REF = /^\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_$-]+|\[\d+\])*)\$$/;
const EMBEDDED_REF = /\$var[A-Za-z0-9_]*[.$[]/;

class ConvertError extends Error {
  constructor(
    readonly reason: ImportReject['reason'],
    readonly detail: string,
    readonly fn?: string,
  ) {
    super(detail);
  }
}

/**
 * Converts one NESTFUL sample into seed tasks: one per toolkit its calls use, when every call is a
 * function of a loaded toolkit and no reference crosses from one toolkit to another.
 */
export function convertNestfulSample(sample: NestfulSample, entryId: string, registry: Registry): NestfulResult {
  const out: NestfulResult = { tasks: [], rejects: [] };
  try {
    const steps = sample.output.filter((s) => s.name !== RESULT_CALL);
    if (steps.length === 0) throw new ConvertError('validation', 'the sample has no call besides var_result');
    const labels = new Map<string, number>();
    steps.forEach((s, i) => s.label && labels.set(s.label, i));
    const unknown = [...new Set(steps.map((s) => s.name).filter((n) => !registry.fn(n)))];
    if (unknown.length > 0) {
      throw new ConvertError('unknown-function', `${unknown.join(', ')} ${unknown.length > 1 ? 'are not functions' : 'is not a function'} of any loaded toolkit`, unknown[0]);
    }
    const toolkits = steps.map((s) => registry.fn(s.name)!.toolkit);
    const args = steps.map((s) => convertRefs(s.arguments ?? {}, labels, s.name) as Record<string, unknown>);
    args.forEach((a, i) => {
      for (const { ref } of collectRefs(a)) {
        const target = Number(parseRef(ref.$ref).call);
        if (target >= i) throw new ConvertError('unresolved-reference', `${steps[i]!.name} uses the result of a later call (${ref.$ref})`, steps[i]!.name);
        if (toolkits[target] !== toolkits[i]) {
          throw new ConvertError(
            'cross-toolkit-reference',
            `${steps[i]!.name} (${toolkits[i]}) uses the result of ${steps[target]!.name} (${toolkits[target]}); a seed task belongs to one toolkit`,
            steps[i]!.name,
          );
        }
      }
    });
    const resultRefs = collectRefs(convertRefs(sample.output.find((s) => s.name === RESULT_CALL)?.arguments ?? {}, labels, RESULT_CALL));
    const groups = [...new Set(toolkits)].sort();
    for (const toolkit of groups) {
      const members = steps.map((_, i) => i).filter((i) => toolkits[i] === toolkit);
      const localId = new Map(members.map((g, j) => [g, `c${j + 1}`]));
      const rename = (value: unknown): unknown => renameRefs(value, localId);
      const calls: SourceCall[] = members.map((g) => ({ tool: steps[g]!.name, args: rename(args[g]!) as Record<string, unknown> }));
      const returned = resultRefs.map((r) => r.ref).filter((r) => members.includes(Number(parseRef(r.$ref).call)));
      const id = groups.length > 1 ? `${entryId}-${toolkit}` : entryId;
      const built = buildTask(
        {
          id,
          toolkit,
          request: sample.input.trim(),
          calls,
          // Several returned values: the last one is the task's answer; the rest stay gold calls.
          answer: returned.length > 0 ? rename(returned.at(-1)) : undefined,
          source: `NESTFUL ${entryId} (Apache-2.0)`,
          operator: 'import:nestful',
        },
        registry,
      );
      if (built.ok) out.tasks.push({ task: built.task, toolkit, stats: built.stats });
      else out.rejects.push({ entry: entryId, class: toolkit, reason: built.reason, ...(built.fn ? { fn: built.fn } : {}), detail: built.detail });
    }
  } catch (err) {
    if (!(err instanceof ConvertError)) throw err;
    out.rejects.push({ entry: entryId, class: 'unmapped', reason: err.reason, ...(err.fn ? { fn: err.fn } : {}), detail: err.detail });
  }
  return out;
}

/** `"$var2.title$"` becomes `{ $ref: "<index of var2>.title" }`; indices are renamed to call ids per task. */
function convertRefs(value: unknown, labels: Map<string, number>, fn: string): unknown {
  if (typeof value === 'string') {
    const m = WHOLE_REF.exec(value);
    if (m) {
      const index = labels.get(m[1]!);
      if (index === undefined) throw new ConvertError('unresolved-reference', `${fn} refers to "${m[1]}", which labels no earlier call`, fn);
      return { $ref: `${index}${m[2]}` };
    }
    if (EMBEDDED_REF.test(value))
      throw new ConvertError('embedded-reference', `${fn} embeds a reference inside a longer text (${JSON.stringify(value.slice(0, 60))}); a seed argument is a whole value or a whole reference`, fn);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => convertRefs(v, labels, fn));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertRefs(v, labels, fn)]));
  }
  return value;
}

function renameRefs(value: unknown, ids: Map<number, string>): unknown {
  if (isRef(value)) {
    const { call } = parseRef(value.$ref);
    return { $ref: `${ids.get(Number(call))}${value.$ref.slice(call.length)}` };
  }
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, ids));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRefs(v, ids)]));
  }
  return value;
}

/** Spec functions our toolkits execute under the same name, for the import report. */
export function executableSpecFunctions(spec: readonly NestfulSpec[], registry: Registry): string[] {
  return spec
    .map((s) => s.name)
    .filter((n) => registry.fn(n))
    .sort();
}
