import { UserInputError } from '../core/errors.ts';

/**
 * A strict parser for Python call strings as BFCL writes its ground truth:
 * `name(arg=value, ...)` with positional arguments allowed before keyword ones.
 * Values are literals only (strings, numbers, True/False/None, lists, tuples, dicts with
 * string keys). Nothing is ever evaluated: anything else (names, attribute access, operators,
 * nested calls) is a parse error.
 */

export interface ParsedCall {
  name: string;
  positional: unknown[];
  keyword: Record<string, unknown>;
}

export class CallParseError extends UserInputError {
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly input: string,
  ) {
    super(`cannot parse call ${preview(input)} at character ${position}: ${reason}`);
  }
}

function preview(input: string): string {
  const s = input.length > 80 ? `${input.slice(0, 77)}...` : input;
  return JSON.stringify(s);
}

/** Deeply nested input is legal Python but no ground truth needs it; the cap keeps the stack safe. */
const MAX_DEPTH = 64;

type Token =
  | { kind: 'name'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'punct'; text: string; pos: number }
  | { kind: 'end'; pos: number }
  /** Where the characters stop making tokens; the parser reports it only if it gets that far. */
  | { kind: 'error'; reason: string; pos: number };

const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', '=', ':', '-', '+']);

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  try {
    scan(input, tokens);
  } catch (err) {
    if (!(err instanceof CallParseError)) throw err;
    tokens.push({ kind: 'error', reason: err.reason, pos: err.position });
  }
  return tokens;
}

function scan(input: string, tokens: Token[]): void {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new CallParseError(reason, at, input);
  };
  while (i < input.length) {
    const ch = input[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(ch)) {
      while (i < input.length && /[A-Za-z0-9_]/.test(input[i]!)) i++;
      tokens.push({ kind: 'name', text: input.slice(start, i), pos: start });
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(input.slice(i));
      if (!m) fail('unexpected character "."');
      i += m![0].length;
      if (i < input.length && /[A-Za-z0-9_.]/.test(input[i]!)) fail(`unexpected character ${JSON.stringify(input[i])} after a number`);
      const value = Number(m![0]);
      if (!Number.isFinite(value)) fail('the number is out of range', start);
      tokens.push({ kind: 'number', value, pos: start });
      continue;
    }
    if (ch === "'" || ch === '"') {
      if (input.startsWith(ch.repeat(3), i)) fail('triple-quoted strings are not supported');
      i++;
      let value = '';
      for (;;) {
        if (i >= input.length) fail('the string is not closed', start);
        const c = input[i]!;
        if (c === ch) {
          i++;
          break;
        }
        if (c === '\n') fail('a line break inside a string must be written \\n');
        if (c !== '\\') {
          value += c;
          i++;
          continue;
        }
        const e = input[i + 1];
        if (e === undefined) fail('the string ends in a lone backslash');
        if (e! in SIMPLE_ESCAPES) {
          value += SIMPLE_ESCAPES[e!];
          i += 2;
          continue;
        }
        const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (hex === 0) {
          // Python keeps unknown escapes verbatim ("\d" is backslash + d).
          value += `\\${e}`;
          i += 2;
          continue;
        }
        const digits = input.slice(i + 2, i + 2 + hex);
        if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) fail(`\\${e} needs ${hex} hex digits`);
        const code = parseInt(digits, 16);
        if (code > 0x10ffff) fail('the escaped code point is out of range');
        value += String.fromCodePoint(code);
        i += 2 + hex;
      }
      tokens.push({ kind: 'string', value, pos: start });
      continue;
    }
    if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos: start });
      i++;
      continue;
    }
    fail(`unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ kind: 'end', pos: input.length });
}

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly input: string,
  ) {}

  private peek(): Token {
    const t = this.tokens[this.at]!;
    if (t.kind === 'error') throw new CallParseError(t.reason, t.pos, this.input);
    return t;
  }

  private fail(reason: string, token = this.peek()): never {
    throw new CallParseError(reason, token.pos, this.input);
  }

  private isPunct(text: string, token = this.peek()): boolean {
    return token.kind === 'punct' && token.text === text;
  }

  private expectPunct(text: string, what: string): void {
    if (!this.isPunct(text)) this.fail(`expected ${what}, found ${describe(this.peek())}`);
    this.at++;
  }

  call(): ParsedCall {
    const head = this.peek();
    if (head.kind !== 'name') this.fail(`a call starts with a function name, found ${describe(head)}`);
    this.at++;
    if (this.isPunct('=') || this.isPunct(':')) this.fail('a call starts with a function name');
    this.expectPunct('(', `"(" after the function name ${head.text}`);
    const positional: unknown[] = [];
    const keyword: Record<string, unknown> = {};
    while (!this.isPunct(')')) {
      const t = this.peek();
      const next = this.tokens[this.at + 1];
      if (t.kind === 'name' && next && this.isPunct('=', next)) {
        if (Object.hasOwn(keyword, t.text)) this.fail(`keyword argument "${t.text}" is repeated`, t);
        if (t.text === '__proto__') this.fail('the argument name "__proto__" is not accepted', t);
        this.at += 2;
        keyword[t.text] = this.value(0);
      } else {
        if (Object.keys(keyword).length > 0) this.fail('a positional argument follows a keyword argument');
        positional.push(this.value(0));
      }
      if (this.isPunct(',')) this.at++;
      else if (!this.isPunct(')')) this.fail(`expected "," or ")" between arguments, found ${describe(this.peek())}`);
    }
    this.at++;
    if (this.peek().kind !== 'end') this.fail(`unexpected ${describe(this.peek())} after the call`);
    return { name: head.text, positional, keyword };
  }

  private value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`values nest deeper than ${MAX_DEPTH} levels`);
    const t = this.peek();
    if (t.kind === 'string') {
      this.at++;
      // Adjacent literals concatenate, as in Python.
      let s = t.value;
      for (let n = this.peek(); n.kind === 'string'; n = this.peek()) {
        s += n.value;
        this.at++;
      }
      return s;
    }
    if (t.kind === 'number') {
      this.at++;
      return t.value;
    }
    if (t.kind === 'punct' && (t.text === '-' || t.text === '+')) {
      this.at++;
      const n = this.peek();
      if (n.kind !== 'number') this.fail(`a number must follow "${t.text}"`);
      this.at++;
      return t.text === '-' ? -(n as { value: number }).value : (n as { value: number }).value;
    }
    if (t.kind === 'name') {
      this.at++;
      if (t.text === 'True') return true;
      if (t.text === 'False') return false;
      if (t.text === 'None') return null;
      this.fail(`"${t.text}" is a name, not a literal; only strings, numbers, True, False, None, lists, tuples and dicts are accepted`, t);
    }
    if (this.isPunct('[')) return this.sequence(']', depth);
    if (this.isPunct('(')) return this.sequence(')', depth);
    if (this.isPunct('{')) return this.dict(depth);
    return this.fail(`expected a value, found ${describe(t)}`);
  }

  private sequence(close: string, depth: number): unknown[] {
    const open = this.peek();
    this.at++;
    const items: unknown[] = [];
    while (!this.isPunct(close)) {
      items.push(this.value(depth + 1));
      if (this.isPunct(',')) this.at++;
      else if (!this.isPunct(close)) this.fail(`expected "," or "${close}" in the ${close === ']' ? 'list' : 'tuple'} opened at character ${open.pos}, found ${describe(this.peek())}`);
    }
    this.at++;
    return items;
  }

  private dict(depth: number): Record<string, unknown> {
    const open = this.peek();
    this.at++;
    const out: Record<string, unknown> = {};
    while (!this.isPunct('}')) {
      const key = this.peek();
      if (key.kind !== 'string') this.fail(`dict keys must be strings, found ${describe(key)}`);
      this.at++;
      this.expectPunct(':', '":" after a dict key');
      const k = (key as { value: string }).value;
      // A JSON object cannot carry "__proto__" safely, so it is refused rather than silently dropped.
      if (k === '__proto__') this.fail('the dict key "__proto__" is not accepted', key);
      out[k] = this.value(depth + 1);
      if (this.isPunct(',')) this.at++;
      else if (!this.isPunct('}')) this.fail(`expected "," or "}" in the dict opened at character ${open.pos}, found ${describe(this.peek())}`);
    }
    this.at++;
    return out;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the input';
    case 'name':
      return `"${t.text}"`;
    case 'punct':
      return `"${t.text}"`;
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'error':
      return t.reason;
  }
}

/** Parses one call string; throws only CallParseError. */
export function parseCall(input: string): ParsedCall {
  if (typeof input !== 'string') throw new CallParseError('a call must be a string', 0, String(input));
  return new Parser(tokenize(input), input).call();
}
