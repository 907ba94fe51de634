/**
 * The documented normalisation of the BFCL differential replay (docs/bfcl-replay-notes.md):
 * how one of our results is judged against the result BFCL's own class recorded. Equal: the same
 * JSON, key order aside. Equal after normalising: float noise up to 1e-9 (relative), BFCL's `$repr`
 * numbers, status sentences that carry the same facts, None against `{}`, a bare BFCL value against
 * our one-key object, both sides failing. Anything else is different.
 */

export type Verdict = 'equal' | 'normalised' | 'different';

const FLOAT_EPS = 1e-9;

/** BFCL records mpmath and Decimal values as `{ $repr, $float }`; the float is the value compared. */
function unwrapRepr(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, '$float') && Object.hasOwn(v, '$repr')) {
    return (v as { $float: number }).$float;
  }
  return v;
}

/** Exact equality of JSON values, object key order aside. */
export function strictEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => strictEqual(x, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return strictEqual(ka, kb) && ka.every((k) => strictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * The facts a status sentence carries: quoted parts, numbers, and words shaped like names, paths or
 * ids (holding a digit, `/`, `.`, `_`, `@` or `-`). Our wording may differ; these must all appear in ours.
 */
export function factsOf(raw: string): string[] {
  // A possessive ("USR002's") is the name itself, and its apostrophe must not open a quote.
  const text = raw.replace(/(\w)'s\b/g, '$1');
  const facts = new Set<string>();
  for (const m of text.matchAll(/'([^']*)'|"([^"]*)"/g)) facts.add((m[1] ?? m[2] ?? '').toLowerCase());
  const unquoted = text.replace(/'[^']*'|"[^"]*"/g, ' ');
  for (const word of unquoted.split(/\s+/)) {
    const w = word.replace(/^[([{]+|[)\]}.,:;!?]+$/g, '');
    if (/[0-9/._@-]/.test(w) && w.length > 0) facts.add(w.toLowerCase());
  }
  facts.delete('');
  return [...facts];
}

/** Loose equality: float noise, `$repr` numbers, and status strings judged by their facts. */
export function looseEqual(ours: unknown, bfcl: unknown): boolean {
  const b = unwrapRepr(bfcl);
  if (typeof ours === 'number' && typeof b === 'number') return Math.abs(ours - b) <= FLOAT_EPS * Math.max(1, Math.abs(b));
  if (typeof ours === 'string' && typeof b === 'string') {
    if (ours === b) return true;
    const text = ours.toLowerCase();
    const facts = factsOf(b);
    return facts.length > 0 && facts.every((f) => text.includes(f));
  }
  if (Array.isArray(ours) || Array.isArray(b)) {
    return Array.isArray(ours) && Array.isArray(b) && ours.length === b.length && ours.every((x, i) => looseEqual(x, b[i]));
  }
  if (ours === null || b === null || typeof ours !== 'object' || typeof b !== 'object') return ours === b;
  const ko = Object.keys(ours).sort();
  const kb = Object.keys(b).sort();
  return strictEqual(ko, kb) && kb.every((k) => looseEqual((ours as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Nothing returned: BFCL's `None` and our empty object say the same. */
const isNothing = (v: unknown) => v === null || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/**
 * One call's verdict. Both sides failing agrees after normalising (the error's wording is ours);
 * one side failing is a difference whatever the texts.
 */
export function judgeCall(ours: { ok: boolean; result?: unknown }, bfcl: { error: boolean; result: unknown }): Verdict {
  if (bfcl.error || !ours.ok) return bfcl.error && !ours.ok ? 'normalised' : 'different';
  if (strictEqual(ours.result, bfcl.result)) return 'equal';
  if (isNothing(ours.result) && isNothing(bfcl.result)) return 'normalised';
  if (looseEqual(ours.result, bfcl.result)) return 'normalised';
  // Our results are always objects: where BFCL returns a bare value, ours wraps it under one named key.
  const wrapped = oneKeyValue(ours.result);
  return wrapped.found && !isObject(bfcl.result) && looseEqual(wrapped.value, bfcl.result) ? 'normalised' : 'different';
}

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

function oneKeyValue(v: unknown): { found: boolean; value?: unknown } {
  if (!isObject(v)) return { found: false };
  const keys = Object.keys(v as object);
  return keys.length === 1 ? { found: true, value: (v as Record<string, unknown>)[keys[0]!] } : { found: false };
}

/** State equality on BFCL's public attributes: float noise allowed, strings exact. */
export function stateEqual(ours: unknown, bfcl: unknown): boolean {
  const b = unwrapRepr(bfcl);
  if (typeof ours === 'number' && typeof b === 'number') return Math.abs(ours - b) <= FLOAT_EPS * Math.max(1, Math.abs(b));
  if (Array.isArray(ours) || Array.isArray(b)) {
    return Array.isArray(ours) && Array.isArray(b) && ours.length === b.length && ours.every((x, i) => stateEqual(x, b[i]));
  }
  if (ours === null || b === null || typeof ours !== 'object' || typeof b !== 'object') return ours === b;
  const ko = Object.keys(ours).sort();
  const kb = Object.keys(b).sort();
  return strictEqual(ko, kb) && kb.every((k) => stateEqual((ours as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
