import { canonicalJson } from '../../core/canonical.ts';

export type MergeResult = { ok: true; state: Record<string, unknown> | undefined } | { ok: false; conflict: string };

/**
 * Merges the initial states of tasks that share one toolkit: objects merge key by key; any other
 * value (arrays included) must be equal wherever two tasks both set it, else the bundle conflicts.
 */
export function mergeInitialStates(states: readonly (Record<string, unknown> | undefined)[]): MergeResult {
  let merged: Record<string, unknown> | undefined;
  for (const state of states) {
    if (!state) continue;
    if (!merged) {
      merged = structuredClone(state);
      continue;
    }
    const conflict = stateConflict(merged, state);
    if (conflict) return { ok: false, conflict };
    mergeInto(merged, state);
  }
  return { ok: true, state: merged };
}

/**
 * Where two initial states disagree (`two tasks set $.x to different values`), undefined when they
 * merge. Pairwise agreement is enough for a whole bundle: a conflict is always between two states.
 */
export function stateConflict(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined, at = '$'): string | undefined {
  if (!a || !b) return undefined;
  for (const [key, value] of Object.entries(b)) {
    if (!(key in a)) continue;
    const path = `${at}.${key}`;
    const existing = a[key];
    if (isPlainObject(existing) && isPlainObject(value)) {
      const conflict = stateConflict(existing, value, path);
      if (conflict) return conflict;
    } else if (canonicalJson(existing) !== canonicalJson(value)) {
      return `two tasks set ${path} to different values`;
    }
  }
  return undefined;
}

/**
 * Why two tasks of one toolkit cannot share a state, undefined when they can. A sample's state is
 * the toolkit default with the merged initial states laid over it key by key, so beyond a direct
 * conflict, a top-level key only one task sets must keep everything the default holds there: the
 * other task relies on the default. Imported tasks carry their source's whole state (a file tree
 * under `root`), so they rarely share a state with a task that relies on the default one.
 */
export function sharedStateConflict(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined, defaults: Record<string, unknown>): string | undefined {
  const direct = stateConflict(a, b);
  if (direct) return direct;
  for (const [own, other] of [
    [a, b],
    [b, a],
  ] as const) {
    for (const [key, value] of Object.entries(own ?? {})) {
      if (other && key in other) continue;
      if (key in defaults && !covers(value, defaults[key])) return `one task replaces $.${key}, which another task takes from the toolkit default`;
    }
  }
  return undefined;
}

/** True when `value` holds everything `base` holds (objects key by key, other values equal). */
function covers(value: unknown, base: unknown): boolean {
  if (isPlainObject(value) && isPlainObject(base)) return Object.entries(base).every(([k, v]) => k in value && covers(value[k], v));
  return canonicalJson(value) === canonicalJson(base);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Adds what `source` sets and `target` lacks; the caller has checked that they do not conflict. */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (!(key in target)) target[key] = structuredClone(value);
    else if (isPlainObject(existing) && isPlainObject(value)) mergeInto(existing, value);
  }
}
