import { describe, expect, it } from 'vitest';
import { valuesMatch as answersMatch } from '../pipeline/core/normalize.ts';

describe('answer comparison', () => {
  it('trims strings and keeps their case unless the task says case does not matter', () => {
    expect(answersMatch('  running ', 'running')).toBe(true);
    expect(answersMatch('Running', 'running')).toBe(false);
    expect(answersMatch('hello world', 'Hello World')).toBe(false);
    expect(answersMatch('  Running ', 'running', { ignoreCase: true })).toBe(true);
    expect(answersMatch('stopped', 'running', { ignoreCase: true })).toBe(false);
  });
  it('needs an integer to be equal, and takes decimals within 1e-6 relative or the stated tolerance', () => {
    expect(answersMatch(0.1 + 0.2, 0.3)).toBe(true);
    expect(answersMatch(3.1416, 3.14159)).toBe(false);
    expect(answersMatch(502881573, 502881572)).toBe(false);
    expect(answersMatch(502881573.4, 502881573)).toBe(false);
    expect(answersMatch('502881573.4', 502881573)).toBe(false);
    expect(answersMatch(502881573.0, 502881573)).toBe(true);
    expect(answersMatch(3.1416, 3.14, { tolerance: 0.005 })).toBe(true);
    expect(answersMatch(3.146, 3.14, { tolerance: 0.005 })).toBe(false);
    expect(answersMatch(3.145, 3.14, { tolerance: 0.005 })).toBe(true);
  });
  it('accepts a string holding the JSON (or the number) of the expected value', () => {
    expect(answersMatch('42', 42)).toBe(true);
    expect(answersMatch('[1, 2]', [1, 2])).toBe(true);
    expect(answersMatch('{"b":2,"a":"x"}', { a: 'x', b: 2 })).toBe(true);
    expect(answersMatch('43', 42)).toBe(false);
    expect(answersMatch('', 0)).toBe(false);
  });
  it('compares objects key by key and lists in order, unless the task says order does not matter', () => {
    expect(answersMatch({ b: [1, 'a'], a: null }, { a: null, b: [1, 'a'] })).toBe(true);
    expect(answersMatch([1, 2], [2, 1])).toBe(false);
    expect(answersMatch(['b', 'a', 'a'], ['a', 'a', 'b'], { unordered: true })).toBe(true);
    expect(answersMatch(['b', 'b', 'a'], ['a', 'a', 'b'], { unordered: true })).toBe(false);
    expect(answersMatch({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
