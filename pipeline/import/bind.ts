import { isRef } from '../world/refs.ts';

/**
 * How an imported literal argument becomes something an agent can know: stated in the request,
 * read from an earlier result (a `$ref`), or stated by a clause the importer appends.
 */

export interface EarlierResult {
  id: string;
  result: unknown;
}

/** A path segment our reference syntax can express (`.field`); other keys are skipped. */
export const REF_FIELD = /^[A-Za-z0-9_$-]+$/;

/** Values that match by coincidence too easily (1, "a", "") are never turned into references. */
function isDistinctive(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().length >= 3;
  if (typeof value === 'number') return !Number.isInteger(value) || Math.abs(value) >= 100;
  return false;
}

/** Every leaf of a result with the reference path that reaches it, in document order. */
function* leaves(value: unknown, path: string): Generator<{ path: string; key?: string; value: unknown }> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* leaves(v, `${path}[${i}]`);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!REF_FIELD.test(k)) continue;
      if (v !== null && typeof v === 'object') yield* leaves(v, `${path}.${k}`);
      else yield { path: `${path}.${k}`, key: k, value: v };
    }
    return;
  }
  yield { path, value };
}

/**
 * A reference to the most recent earlier result holding exactly this value. Short values
 * (ticket 2) only match under a field named for the argument (`id` for `ticket_id`).
 */
export function findValue(value: unknown, earlier: readonly EarlierResult[], argName?: string): string | undefined {
  const distinctive = isDistinctive(value);
  for (let i = earlier.length - 1; i >= 0; i--) {
    for (const leaf of leaves(earlier[i]!.result, earlier[i]!.id)) {
      if (typeof leaf.value !== typeof value || leaf.value !== value) continue;
      if (distinctive || (argName && leaf.key && namesMatch(argName, leaf.key))) return leaf.path;
    }
  }
  return undefined;
}

/** `ticket_id` and `id`, `booking_id` and `booking_id`: the field plausibly holds the argument's value. */
function namesMatch(argName: string, key: string): boolean {
  return argName === key || argName.endsWith(`_${key}`) || key.endsWith(`_${argName}`);
}

const ID_ARG = /(^|_)(id|token)$/i;

/**
 * A reference to the most recent earlier result field named like the argument and of the same type:
 * the source's ground truth holds the id its own implementation produced (a booking id), where
 * our simulator produces a different, opaque one for the same role.
 */
export function findField(argName: string, value: unknown, earlier: readonly EarlierResult[]): string | undefined {
  // Only identifiers are produced values; an amount or a message text is the user's own.
  if (!ID_ARG.test(argName)) return undefined;
  for (let i = earlier.length - 1; i >= 0; i--) {
    for (const leaf of leaves(earlier[i]!.result, earlier[i]!.id)) {
      if (leaf.key === argName && typeof leaf.value === typeof value) return leaf.path;
    }
  }
  return undefined;
}

/** True when a value occurs anywhere in a JSON value, as a leaf or as an object key. */
export function occursIn(haystack: unknown, needle: string | number): boolean {
  if (haystack === needle) return true;
  if (typeof haystack === 'number' && typeof needle === 'string') return String(haystack) === needle;
  if (Array.isArray(haystack)) return haystack.some((h) => occursIn(h, needle));
  if (haystack !== null && typeof haystack === 'object') {
    return Object.entries(haystack).some(([k, v]) => k === String(needle) || occursIn(v, needle));
  }
  return false;
}

/** A value written the way a user would state it: strings quoted, numbers in plain decimal form. */
function renderValue(value: unknown): string {
  if (isRef(value)) return 'the earlier result';
  if (typeof value === 'string') return `'${value}'`;
  // String(n) is exactly the form the seed validator looks for in the query.
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${renderValue(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** The sentence appended to a request for values the source's turns never state. */
export function clauseSentence(items: readonly { name: string; value: unknown }[]): string {
  const parts = items.map((it) => `${it.name.replace(/_/g, ' ')} ${renderValue(it.value)}`);
  return `(Use ${parts.join('; ')}.)`;
}
