import { canonicalJson } from './canonical.ts';

/**
 * Answers and arguments are compared after normalisation: strings trimmed and case-folded,
 * numbers with a small relative tolerance, objects by canonical JSON.
 */
export function valuesMatch(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number') {
    const n = typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : actual;
    return typeof n === 'number' && Math.abs(n - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  }
  if (typeof expected === 'string') {
    return typeof actual === 'string' ? normText(actual) === normText(expected) : typeof actual === 'number' && normText(String(actual)) === normText(expected);
  }
  if (Array.isArray(expected)) {
    if (typeof actual === 'string') return tryJson(actual, expected);
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => valuesMatch(actual[i], e));
  }
  if (expected !== null && typeof expected === 'object') {
    if (typeof actual === 'string') return tryJson(actual, expected);
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    return ek.length === ak.length && ek.every((k) => valuesMatch((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]));
  }
  if (typeof actual === 'string' && typeof expected === 'boolean') return normText(actual) === String(expected);
  return canonicalJson(actual) === canonicalJson(expected);
}

function normText(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

function tryJson(text: string, expected: unknown): boolean {
  try {
    return valuesMatch(JSON.parse(text), expected);
  } catch {
    return false;
  }
}

/** True when `needle` equals `haystack` or any value nested inside it. */
export function containsValue(haystack: unknown, needle: unknown): boolean {
  if (valuesMatch(haystack, needle)) return true;
  if (Array.isArray(haystack)) return haystack.some((h) => containsValue(h, needle));
  if (haystack !== null && typeof haystack === 'object') return Object.values(haystack).some((h) => containsValue(h, needle));
  return false;
}
