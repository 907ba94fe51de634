import type { Ref } from '../schema/task.ts';

export function isRef(value: unknown): value is Ref {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return typeof (value as Ref).$ref === 'string' && keys.every((k) => k === '$ref' || k === 'task');
}

export type PathPart = string | number;

/** Splits `"c1.items[0].id"` into call id `c1` and path `["items", 0, "id"]`. */
export function parseRef(ref: string): { call: string; path: PathPart[] } {
  const m = /^([^.[]+)(.*)$/.exec(ref);
  if (!m) throw new MalformedRef(ref);
  const path: PathPart[] = [];
  const re = /\.([^.[]+)|\[(\d+)\]/g;
  const rest = m[2]!;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(rest)) !== null) {
    if (match.index !== consumed) throw new MalformedRef(ref);
    path.push(match[1] !== undefined ? match[1] : Number(match[2]));
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length) throw new MalformedRef(ref);
  return { call: m[1]!, path };
}

export const MISSING = Symbol('missing');

export function getPath(value: unknown, path: readonly PathPart[]): unknown | typeof MISSING {
  let cur: unknown = value;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return MISSING;
    if (typeof part === 'number') {
      if (!Array.isArray(cur) || part >= cur.length) return MISSING;
      cur = cur[part];
    } else {
      if (Array.isArray(cur) || !Object.hasOwn(cur, part)) return MISSING;
      cur = (cur as Record<string, unknown>)[part];
    }
  }
  return cur;
}

/** Every reference inside a value (arguments may nest them in arrays and objects), with its JSON path. */
export function collectRefs(value: unknown, at = ''): { ref: Ref; at: string }[] {
  if (isRef(value)) return [{ ref: value, at }];
  if (Array.isArray(value)) return value.flatMap((v, i) => collectRefs(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => collectRefs(v, `${at}.${k}`));
  }
  return [];
}

/** Replaces every reference by the value it points to; `lookup` returns MISSING when unresolvable. */
export function resolveRefs(value: unknown, lookup: (ref: Ref) => unknown | typeof MISSING): unknown {
  if (isRef(value)) {
    const v = lookup(value);
    if (v === MISSING) throw new UnresolvedRef(value);
    return v;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, lookup));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveRefs(v, lookup);
    return out;
  }
  return value;
}

export class MalformedRef extends Error {
  constructor(readonly ref: string) {
    super(`malformed reference "${ref}"`);
  }
}

export class UnresolvedRef extends Error {
  constructor(readonly ref: Ref) {
    super(`reference ${ref.task ? `${ref.task}:` : ''}${ref.$ref} does not resolve`);
  }
}
