import { describe, expect, it } from 'vitest';
import { valuesMatch as answersMatch } from '../pipeline/core/normalize.ts';

describe('answer comparison', () => {
  it('trims and case-folds strings', () => {
    expect(answersMatch('  Running ', 'running')).toBe(true);
    expect(answersMatch('stopped', 'running')).toBe(false);
  });
  it('accepts computed decimals within 1e-6 relative, but integers only when equal', () => {
    expect(answersMatch(0.1 + 0.2, 0.3)).toBe(true);
    expect(answersMatch(3.1416, 3.14159)).toBe(false);
    expect(answersMatch(502881573, 502881572)).toBe(false);
  });
  it('accepts a string holding the JSON (or the number) of the expected value', () => {
    expect(answersMatch('42', 42)).toBe(true);
    expect(answersMatch('[1, 2]', [1, 2])).toBe(true);
    expect(answersMatch('{"b":2,"a":"X"}', { a: 'x', b: 2 })).toBe(true);
    expect(answersMatch('43', 42)).toBe(false);
    expect(answersMatch('', 0)).toBe(false);
  });
  it('compares objects and arrays element by element, whatever the key order', () => {
    expect(answersMatch({ b: [1, 'A'], a: null }, { a: null, b: [1, 'a'] })).toBe(true);
    expect(answersMatch([1, 2], [2, 1])).toBe(false);
    expect(answersMatch({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
