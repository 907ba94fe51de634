import { canonicalJson } from './canonical.ts';

/**
 * The one comparison of values in the project (answers in the scorer, answers and links in
 * validation, evolution and composition). Whether a submitted value matches the expected one: strings trimmed and case-folded,
 * numbers within 1e-6 relative (two integers exactly), arrays and objects compared element by element; a string also
 * matches when it is the JSON of the expected value (models often send `"42"` or `"[1,2]"`).
 */
export function valuesMatch(submitted: unknown, expected: unknown): boolean {
  if (same(submitted, expected)) return true;
  if (typeof submitted === 'string' && typeof expected !== 'string') {
    const text = submitted.trim();
    if (text === canonicalJson(expected)) return true;
    try {
      return same(JSON.parse(text), expected);
    } catch {
      return false;
    }
  }
  return false;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.trim().toLowerCase() === b.trim().toLowerCase();
  if (typeof a === 'number' && typeof b === 'number') {
    // Two integers (counts, ids) must be equal; the tolerance is for computed decimals.
    if (Number.isInteger(a) && Number.isInteger(b)) return a === b;
    return a === b || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  }
  if (typeof a === 'string' && typeof b === 'number') return a.trim() !== '' && same(Number(a.trim()), b);
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && same(a, Number(b.trim()));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && same(a[k], b[k]));
  }
  return a === b;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True when `needle` equals `haystack` or any value nested inside it. */
export function containsValue(haystack: unknown, needle: unknown): boolean {
  if (valuesMatch(haystack, needle)) return true;
  if (Array.isArray(haystack)) return haystack.some((h) => containsValue(h, needle));
  if (haystack !== null && typeof haystack === 'object') return Object.values(haystack).some((h) => containsValue(h, needle));
  return false;
}
