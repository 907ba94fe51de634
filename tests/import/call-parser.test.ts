import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallParseError, parseCall } from '../../pipeline/import/call-parser.ts';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { rngFor, type Rng } from '../../pipeline/core/rng.ts';

function parseError(input: string): CallParseError {
  try {
    parseCall(input);
  } catch (err) {
    expect(err).toBeInstanceOf(CallParseError);
    return err as CallParseError;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('parseCall', () => {
  it('reads BFCL ground-truth calls: keywords, positionals, escapes, lists and dicts', () => {
    expect(parseCall("cd(folder='document')")).toEqual({ name: 'cd', positional: [], keyword: { folder: 'document' } });
    expect(parseCall("sort('final_report.pdf')")).toEqual({ name: 'sort', positional: ['final_report.pdf'], keyword: {} });
    expect(parseCall("post_tweet('Hi!', tags=['#a', \"#b\"], mentions=[])")).toEqual({ name: 'post_tweet', positional: ['Hi!'], keyword: { tags: ['#a', '#b'], mentions: [] } });
    expect(parseCall("echo(content='a\\nb \\'q\\'',file_name='x.txt')").keyword).toEqual({ content: "a\nb 'q'", file_name: 'x.txt' });
    expect(parseCall("edit_ticket(ticket_id=654321, updates={'priority':2})").keyword).toEqual({ ticket_id: 654321, updates: { priority: 2 } });
    expect(parseCall('f(a=-3, b=2.5, c=.5, d=1e3, e=True, f=False, g=None, h=(1, 2), i=-0.25)').keyword).toEqual({ a: -3, b: 2.5, c: 0.5, d: 1000, e: true, f: false, g: null, h: [1, 2], i: -0.25 });
    expect(parseCall('list_all_airports()')).toEqual({ name: 'list_all_airports', positional: [], keyword: {} });
    expect(parseCall("comment(tweet_id = 10, comment_content = 'ok' , )").keyword).toEqual({ tweet_id: 10, comment_content: 'ok' });
  });

  it('rejects anything that is not a literal, with the position and reason', () => {
    const e = parseError('cd(folder=os.getcwd())');
    expect(e).toBeInstanceOf(UserInputError);
    expect(e.position).toBe(10);
    expect(e.message).toMatch(/"os" is a name, not a literal/);
    expect(parseError("cd(folder='x'").reason).toMatch(/expected "," or "\)"/);
    expect(parseError("cd(folder='x)").reason).toMatch(/not closed/);
    expect(parseError('f(a=1, 2)').reason).toMatch(/positional argument follows a keyword/);
    expect(parseError('f(a=1, a=2)').reason).toMatch(/repeated/);
    expect(parseError('f(x={1: 2})').reason).toMatch(/dict keys must be strings/);
    expect(parseError('f(x=1+2)').reason).toMatch(/expected "," or "\)"/);
    expect(parseError('f(x=[1,2][0])').reason).toMatch(/expected "," or "\)"/);
    expect(parseError('f() g()').reason).toMatch(/after the call/);
    expect(parseError('f() ; g()').reason).toMatch(/unexpected character ";"/);
    expect(parseError('').reason).toMatch(/function name/);
  });

  it('parses a call that names a dangerous function as data and runs nothing', () => {
    const marker = join(tmpdir(), `asynctool-pwned-${process.pid}`);
    for (const attack of [
      `__import__('os').system('touch ${marker}')`,
      `cd(folder=__import__('os').system('touch ${marker}'))`,
      `cd(folder=exec("open('${marker}','w')"))`,
      `cd(folder=(lambda: 1)())`,
      `cd(folder=f'{__import__("os")}')`,
    ]) {
      parseError(attack);
    }
    expect(parseCall(`system('touch ${marker}')`)).toEqual({ name: 'system', positional: [`touch ${marker}`], keyword: {} });
    expect(existsSync(marker)).toBe(false);
  });
});

/** Python source for a value, the way BFCL writes literals (random quote style and spacing). */
function pyRepr(value: unknown, rng: Rng): string {
  const sp = () => (rng.next() < 0.3 ? ' ' : '');
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const q = rng.next() < 0.5 ? "'" : '"';
    const body = [...value]
      .map((c) => {
        if (c === '\\') return '\\\\';
        if (c === q) return `\\${q}`;
        if (c === '\n') return '\\n';
        if (c === '\t') return '\\t';
        if (c === '\r') return '\\r';
        const code = c.codePointAt(0)!;
        if (code < 0x20) return `\\x${code.toString(16).padStart(2, '0')}`;
        return c;
      })
      .join('');
    return `${q}${body}${q}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => pyRepr(v, rng)).join(`,${sp()}`)}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pyRepr(k, rng)}:${sp()}${pyRepr(v, rng)}`).join(`,${sp()}`)}}`;
}

const ALPHABET = 'abcXYZ019 _-.,\'"\\\n\t()[]{}:=#@$é漢😀';

function randomString(rng: Rng, max = 12): string {
  const n = rng.int(0, max);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick([...ALPHABET]);
  return s;
}

function randomValue(rng: Rng, depth = 0): unknown {
  const kind = rng.int(0, depth > 2 ? 4 : 7);
  switch (kind) {
    case 0:
      return randomString(rng);
    case 1: {
      const n = rng.int(-100000, 100000);
      return n === 0 ? 0 : n;
    }
    case 2: {
      const x = Math.round((rng.next() - 0.5) * 2e6) / 1000;
      return x === 0 ? 0.5 : x;
    }
    case 3:
      return rng.pick([true, false]);
    case 4:
      return null;
    case 5:
    case 6:
      return Array.from({ length: rng.int(0, 4) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(0, 3) }, () => [`k${randomString(rng, 4)}`, randomValue(rng, depth + 1)]));
  }
}

function randomCall(rng: Rng): { text: string; expected: { name: string; positional: unknown[]; keyword: Record<string, unknown> } } {
  const name = rng.pick(['cd', 'post_tweet', 'get_stock_info', 'lockDoors', '_f', 'mean2']);
  const positional = Array.from({ length: rng.int(0, 2) }, () => randomValue(rng));
  const keyword: Record<string, unknown> = {};
  for (let i = rng.int(0, 4); i > 0; i--) keyword[rng.pick(['a', 'folder', 'tags', 'x_1', 'content', 'door'])] = randomValue(rng);
  const sp = () => rng.pick(['', ' ', '  ']);
  const parts = [...positional.map((v) => pyRepr(v, rng)), ...Object.entries(keyword).map(([k, v]) => `${k}${sp()}=${sp()}${pyRepr(v, rng)}`)];
  return { text: `${name}(${parts.join(`,${sp()}`)})`, expected: { name, positional, keyword } };
}

function mutate(text: string, rng: Rng): string {
  const at = rng.int(0, text.length);
  switch (rng.int(0, 5)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + rng.pick([...ALPHABET, '__import__', 'os.system', 'lambda', '1+2', '-', 'e', '\\x', '\\u12']) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + rng.int(1, 4));
    case 3:
      return Array.from({ length: rng.int(0, 40) }, () => String.fromCharCode(rng.int(0, 0xffff))).join('');
    case 4: {
      const b = rng.int(0, text.length);
      return text.slice(0, Math.min(at, b)) + text.slice(Math.max(at, b)) + text.slice(Math.min(at, b), Math.max(at, b));
    }
    default:
      return text.slice(0, at) + text.slice(rng.int(0, text.length));
  }
}

describe('parseCall fuzzing', () => {
  it('round-trips 5,000 generated calls', () => {
    const rng = rngFor('call-parser', 'round-trip');
    for (let i = 0; i < 5000; i++) {
      const { text, expected } = randomCall(rng);
      expect(parseCall(text), text).toEqual(expected);
    }
  });

  it('throws nothing but CallParseError on 12,000 mutated and random inputs', () => {
    const rng = rngFor('call-parser', 'mutations');
    let rejected = 0;
    for (let i = 0; i < 12000; i++) {
      const input = mutate(randomCall(rng).text, rng);
      try {
        parseCall(input);
      } catch (err) {
        if (!(err instanceof CallParseError)) throw new Error(`input ${JSON.stringify(input)} threw ${String(err)}`);
        expect(err.position).toBeGreaterThanOrEqual(0);
        expect(err.position).toBeLessThanOrEqual(input.length);
        rejected++;
      }
    }
    // Most mutations break the syntax; the rest are still valid calls.
    expect(rejected).toBeGreaterThan(6000);
  });

  it('rejects inputs nested too deep instead of overflowing the stack', () => {
    expect(parseError(`f(x=${'['.repeat(100000)}`).reason).toMatch(/nest deeper/);
  });
});
