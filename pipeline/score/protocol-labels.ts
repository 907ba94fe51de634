import type { Trace } from '../schema/trace.ts';

/**
 * Whether a value carries a pending receipt instead of a result: a handle of the episode
 * ("h3") given as a value, or the receipt itself (`{"status": "pending", "handle": ...}`, as an
 * object or as its JSON text).
 */
export function carriesReceipt(value: unknown, handles: ReadonlySet<string>): boolean {
  if (typeof value === 'string') {
    const t = value.trim();
    return handles.has(t) || /"status"\s*:\s*"pending"/.test(t);
  }
  if (Array.isArray(value)) return value.some((v) => carriesReceipt(v, handles));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.status === 'pending' && typeof o.handle === 'string') return true;
    return Object.values(o).some((v) => carriesReceipt(v, handles));
  }
  return false;
}

/** Handles the episode gave out, which a result never contains on its own. */
export function handlesOf(trace: Trace): Set<string> {
  return new Set(trace.calls.flatMap((c) => (c.handle === null ? [] : [c.handle])));
}

/** A mode that does not push results, played without a single fetch while calls were made. */
export function fetchedNothing(trace: Trace): boolean {
  const delivery = trace.options.delivery ?? 'push';
  return delivery !== 'push' && trace.mode !== 'sync' && (trace.polls?.fetches ?? 0) === 0 && trace.calls.some((c) => c.handle !== null);
}
