import { CodecError, lineAt, type Json } from './codec.ts';

/** JSON, with a syntax error's position found the same way on every Node version. */

/**
 * Offset of the first syntax error in a JSON text, found by a small recursive-descent scan, because the
 * engine's own error messages differ between Node versions and do not always give a position.
 */
function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (/[ \t\n\r]/.test(text[i] ?? '')) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
  const string = () => {
    i++;
    while (text[i] !== '"') {
      if (i >= text.length || text[i]! < ' ') fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) i += 4;
        else if (!/["\\/bfnrt]/.test(text[i] ?? '')) fail();
      }
      i++;
    }
    i++;
  };
  const value = (): void => {
    ws();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (close === '}') {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) return void (i += num[0].length);
    if (ch === 't') return void literal('true');
    if (ch === 'f') return void literal('false');
    if (ch === 'n') return void literal('null');
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
  return text.length;
}

export function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    const at = jsonErrorOffset(text);
    if (at >= text.length) throw new CodecError('invalid JSON: the text ends before the value is complete', lineAt(text, text.length));
    throw new CodecError(`invalid JSON: unexpected ${JSON.stringify(text[at])} at character ${at + 1}`, lineAt(text, at));
  }
}
