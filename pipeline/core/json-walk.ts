/** A step into a JSON value: an object key or an array index. */
export type JsonStep = string | number;

/** A scalar inside a JSON value: a string, number or boolean (null and empty containers are not leaves). */
export type Scalar = string | number | boolean;

/**
 * Visits every scalar of a JSON value with its path, depth first in key order. `enter` may stop
 * the walk from going into a container (a reference object, say): return false.
 */
export function forEachScalar(value: unknown, visit: (leaf: Scalar, path: readonly JsonStep[]) => void, enter: (container: object, path: readonly JsonStep[]) => boolean = () => true): void {
  const path: JsonStep[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      visit(v, path);
      return;
    }
    if (v === null || typeof v !== 'object' || !enter(v, path)) return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        path.push(i);
        walk(x);
        path.pop();
      });
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      path.push(k);
      walk(x);
      path.pop();
    }
  };
  walk(value);
}

/**
 * A copy of a JSON value with every scalar, and every object key, passed through `map`; the
 * structure is kept. Containers `enter` refuses are kept as they are.
 */
export function mapScalars(value: unknown, map: (leaf: Scalar) => Scalar, mapKey: (key: string) => string = (k) => k, enter: (container: object) => boolean = () => true): unknown {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return map(value);
  if (value === null || typeof value !== 'object' || !enter(value)) return value;
  if (Array.isArray(value)) return value.map((v) => mapScalars(v, map, mapKey, enter));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[mapKey(k)] = mapScalars(v, map, mapKey, enter);
  return out;
}

/** Renders a path the way references write it: `.items[0].id`. */
export function pathText(path: readonly JsonStep[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
}

/**
 * How deeply a JSON text nests arrays and objects, found by scanning (no parse, no recursion), so
 * a hostile 20,000-deep value can be refused before anything recursive (stringify, clone, schema
 * checks) overflows the stack on it. Stops counting once past `limit`.
 */
export function jsonTextDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return max;
}
