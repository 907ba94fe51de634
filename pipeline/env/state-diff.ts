import { jsonPath } from '../schema/issues.ts';

export interface StateChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

/**
 * The leaves that differ between two toolkit states, as JSON paths with their old and new
 * values, so a person reading a trace sees what a call changed (not the whole state twice).
 */
export function diffState(before: unknown, after: unknown): StateChange[] {
  const out: StateChange[] = [];
  walk(before, after, [], out);
  return out;
}

// The path is one array pushed and popped along the walk; a string is built only for a change.
function walk(a: unknown, b: unknown, path: PropertyKey[], out: StateChange[]): void {
  if (a === b) return;
  const aObj = a !== null && typeof a === 'object';
  const bObj = b !== null && typeof b === 'object';
  if (!aObj || !bObj || Array.isArray(a) !== Array.isArray(b)) {
    out.push({ path: jsonPath(path), before: a, after: b });
    return;
  }
  if (Array.isArray(a)) {
    const bArr = b as unknown[];
    const n = Math.max(a.length, bArr.length);
    for (let i = 0; i < n; i++) {
      path.push(i);
      if (i >= a.length) out.push({ path: jsonPath(path), after: bArr[i] });
      else if (i >= bArr.length) out.push({ path: jsonPath(path), before: a[i] });
      else walk(a[i], bArr[i], path, out);
      path.pop();
    }
    return;
  }
  const ar = a as Record<string, unknown>;
  const br = b as Record<string, unknown>;
  for (const k in ar) {
    path.push(k);
    if (!Object.hasOwn(br, k)) out.push({ path: jsonPath(path), before: ar[k] });
    else walk(ar[k], br[k], path, out);
    path.pop();
  }
  for (const k in br) {
    if (Object.hasOwn(ar, k)) continue;
    path.push(k);
    out.push({ path: jsonPath(path), after: br[k] });
    path.pop();
  }
}
