import type { Call, Task } from '../../schema/task.ts';
import { isRef } from '../../world/refs.ts';

/** A literal string or number inside a call's arguments, with where it sits and the key that names it. */
export interface LiteralSite {
  call: number;
  path: (string | number)[];
  /** The nearest object key above the value (the argument or field name). */
  key: string;
  value: string | number;
}

export function literalSites(task: Task): LiteralSite[] {
  const sites: LiteralSite[] = [];
  const walk = (value: unknown, call: number, path: (string | number)[], key: string) => {
    if (isRef(value)) return;
    if (typeof value === 'string' || typeof value === 'number') {
      if (value !== '') sites.push({ call, path, key, value });
      return;
    }
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, call, [...path, i], key));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, call, [...path, k], k);
  };
  task.calls.forEach((c, i) => walk(c.args, i, [], ''));
  return sites;
}

/** A copy of the calls with the value at each site replaced. */
export function withValues(calls: readonly Call[], edits: readonly { site: LiteralSite; value: unknown }[]): Call[] {
  const out = structuredClone(calls) as Call[];
  for (const { site, value } of edits) {
    let node: any = out[site.call]!.args;
    for (const part of site.path.slice(0, -1)) node = node[part];
    node[site.path[site.path.length - 1]!] = value;
  }
  return out;
}

/** A call id not yet used by the task (`c<n>`). */
export function freshCallId(calls: readonly Call[]): string {
  const used = new Set(calls.map((c) => c.id));
  let n = calls.length + 1;
  while (used.has(`c${n}`)) n++;
  return `c${n}`;
}

/** Scalar leaves of a result with their reference paths (`c1.items[0].id`), depth-limited. */
export function resultLeaves(callId: string, result: unknown, depth = 3): { path: string; key: string; value: string | number | boolean }[] {
  const out: { path: string; key: string; value: string | number | boolean }[] = [];
  const walk = (v: unknown, path: string, key: string, d: number) => {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out.push({ path, key, value: v });
      return;
    }
    if (d === 0 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if (v.length > 0) walk(v[0], `${path}[0]`, key, d - 1);
      return;
    }
    for (const [k, child] of Object.entries(v)) if (/^[A-Za-z0-9_$-]+$/.test(k)) walk(child, `${path}.${k}`, k, d - 1);
  };
  walk(result, callId, '', depth);
  return out;
}
