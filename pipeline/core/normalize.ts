import type { AnswerMatch } from '../schema/task.ts';
import { canonicalJson } from './canonical.ts';

/**
 * The one comparison of values in the project (answers in the scorer, answers and links in
 * validation, evolution and composition): whether a submitted value matches the expected one.
 * - An expected integer needs a number equal to it (5.4 is not 5, nor is "5.4"); a count or an id
 *   close to the right one is wrong.
 * - Other numbers match within `tolerance` when the task states one (0.005 for "rounded to 2
 *   decimal places"), else within 1e-6 relative, so float noise never decides.
 * - Strings are trimmed and compared exactly, case-folded only when the task says case does not
 *   matter (`ignoreCase`): a task that asks for title case must not accept the input back.
 * - Arrays element by element, in order unless `unordered`; objects key by key.
 * - A string also matches when it is the JSON of the expected value (models often send `"42"` or `"[1,2]"`).
 */
export function valuesMatch(submitted: unknown, expected: unknown, match: AnswerMatch = {}): boolean {
  if (same(submitted, expected, match)) return true;
  if (typeof submitted === 'string' && typeof expected !== 'string') {
    const text = submitted.trim();
    if (text === canonicalJson(expected)) return true;
    try {
      return same(JSON.parse(text), expected, match);
    } catch {
      return false;
    }
  }
  return false;
}

function same(a: unknown, b: unknown, m: AnswerMatch): boolean {
  if (typeof a === 'string' && typeof b === 'string') return m.ignoreCase ? a.trim().toLowerCase() === b.trim().toLowerCase() : a.trim() === b.trim();
  if (typeof b === 'number') {
    const n = typeof a === 'number' ? a : typeof a === 'string' && a.trim() !== '' ? Number(a.trim()) : NaN;
    return numbersMatch(n, b, m);
  }
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && numbersMatch(a, Number(b.trim()), m);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (!m.unordered) return a.every((x, i) => same(x, b[i], m));
    const free = b.map(() => true);
    return a.every((x) => {
      const j = b.findIndex((y, k) => free[k] && same(x, y, m));
      if (j < 0) return false;
      free[j] = false;
      return true;
    });
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k], m));
  }
  return a === b;
}

function numbersMatch(a: number, expected: number, m: AnswerMatch): boolean {
  if (!Number.isFinite(a)) return a === expected;
  if (m.tolerance !== undefined) return Math.abs(a - expected) <= m.tolerance + 1e-12 * Math.abs(expected);
  if (Number.isInteger(expected)) return a === expected;
  return a === expected || Math.abs(a - expected) <= 1e-6 * Math.max(Math.abs(a), Math.abs(expected));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True when `needle` equals `haystack` or any value nested inside it (under `match`, e.g. a task's stated tolerance). */
export function containsValue(haystack: unknown, needle: unknown, match: AnswerMatch = {}): boolean {
  if (valuesMatch(haystack, needle, match)) return true;
  if (Array.isArray(haystack)) return haystack.some((h) => containsValue(h, needle, match));
  if (haystack !== null && typeof haystack === 'object') return Object.values(haystack).some((h) => containsValue(h, needle, match));
  return false;
}
