import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../pipeline/core/canonical.ts';
import { rngFor } from '../pipeline/core/rng.ts';
import { parseJsonlLine } from '../pipeline/core/jsonl.ts';
import { parseRef, getPath, MISSING } from '../pipeline/world/refs.ts';

describe('core', () => {
  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}');
  });
  it('the same keys give the same random stream, other keys another', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(rngFor(7, 's1')),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(rngFor(7, 's1')),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(rngFor(7, 's2')),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
  it('references parse into a call and a path', () => {
    expect(parseRef('c2.items[0].id')).toEqual({ call: 'c2', path: ['items', 0, 'id'] });
    expect(getPath({ items: [{ id: 'x' }] }, ['items', 0, 'id'])).toBe('x');
    expect(getPath({ items: [] }, ['items', 0])).toBe(MISSING);
  });
  it('a JSONL line parses to its value, or to an error that names its line and why', () => {
    expect(parseJsonlLine(' {"a":[1]} ', 3)).toEqual({ line: 3, ok: true, value: { a: [1] } });
    const torn = parseJsonlLine('{"a":', 4);
    expect(torn).toMatchObject({ line: 4, ok: false });
    expect(torn.ok ? '' : torn.error).toMatch(/^not valid JSON/);
  });
});
