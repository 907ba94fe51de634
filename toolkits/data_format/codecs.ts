import { parseDocument, stringify as stringifyYaml } from 'yaml';

/** Parsing and serialising JSON, CSV, YAML and a plain-element XML; every document is a JSON value in between. */

export type Format = 'json' | 'csv' | 'yaml' | 'xml';
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A document that does not parse, or a value a format cannot represent; line is 1-based when known. */
export class CodecError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line})`);
  }
}

const isRecord = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
const lineAt = (text: string, pos: number): number => text.slice(0, pos).split('\n').length;

/** CSV and XML carry only text; numbers and booleans written plainly come back as such. */
function coerce(text: string): Json {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

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
    if (ch === '"') return string();
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

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    const at = jsonErrorOffset(text);
    if (at >= text.length) throw new CodecError('invalid JSON: the text ends before the value is complete', lineAt(text, text.length));
    throw new CodecError(`invalid JSON: unexpected ${JSON.stringify(text[at])} at character ${at + 1}`, lineAt(text, at));
  }
}

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = lineAt(text, i);
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new CodecError('invalid CSV: a quoted field is never closed', quoteLine);
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

function parseCsv(text: string): Json {
  const rows = csvRows(text);
  const blank = (r: string[]) => r.length === 1 && r[0]!.trim() === '';
  const header = rows[0];
  if (!header || blank(header)) throw new CodecError('invalid CSV: there is no header row', 1);
  const names = header.map((h) => h.trim());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new CodecError(`invalid CSV: the header names "${dup}" twice`, 1);
  const records: Json[] = [];
  rows.slice(1).forEach((r, i) => {
    if (blank(r)) return;
    if (r.length !== names.length) throw new CodecError(`invalid CSV: row has ${r.length} fields but the header has ${names.length}`, i + 2);
    records.push(Object.fromEntries(names.map((n, k) => [n, coerce(r[k]!)])));
  });
  return records;
}

function parseYaml(text: string): Json {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) throw new CodecError(`invalid YAML: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, first.linePos?.[0].line);
  return (doc.toJS() ?? null) as Json;
}

const XML_NAME = /^[A-Za-z_][\w.-]*$/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ENTITIES[e]!);
const encode = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A reader for elements, attributes, text and comments: enough for data files, no DTDs or namespaces. */
class XmlReader {
  pos = 0;
  constructor(readonly src: string) {}

  fail(message: string): never {
    throw new CodecError(`invalid XML: ${message}`, lineAt(this.src, this.pos));
  }

  skipMisc(): void {
    for (;;) {
      while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
      const close = this.src.startsWith('<?', this.pos) ? '?>' : this.src.startsWith('<!--', this.pos) ? '-->' : undefined;
      if (!close) return;
      const end = this.src.indexOf(close, this.pos);
      if (end < 0) this.fail(`"${close}" is missing`);
      this.pos = end + close.length;
    }
  }

  name(): string {
    const m = /^[A-Za-z_][\w.-]*/.exec(this.src.slice(this.pos));
    if (!m) this.fail('an element or attribute name is expected');
    this.pos += m[0].length;
    return m[0];
  }

  element(): { name: string; value: Json } {
    if (this.src[this.pos] !== '<') this.fail('an element is expected');
    this.pos++;
    const name = this.name();
    const attrs: Record<string, Json> = {};
    for (;;) {
      while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
      if (this.src.startsWith('/>', this.pos)) {
        this.pos += 2;
        return { name, value: Object.keys(attrs).length ? attrs : null };
      }
      if (this.src[this.pos] === '>') break;
      const attr = this.name();
      const m = /^\s*=\s*("([^"]*)"|'([^']*)')/.exec(this.src.slice(this.pos));
      if (!m) this.fail(`attribute "${attr}" of <${name}> needs a quoted value`);
      attrs[`@${attr}`] = coerce(decode(m[2] ?? m[3]!));
      this.pos += m[0].length;
    }
    this.pos++;
    const children: { name: string; value: Json }[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`<${name}> is never closed`);
      if (this.src.startsWith('<!--', this.pos)) this.skipMisc();
      else if (this.src.startsWith('</', this.pos)) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
        while (/\s/.test(this.src[this.pos] ?? '')) this.pos++;
        if (this.src[this.pos] !== '>') this.fail(`</${closing}> is not terminated by ">"`);
        this.pos++;
        break;
      } else if (this.src[this.pos] === '<') children.push(this.element());
      else {
        const next = this.src.indexOf('<', this.pos);
        text += this.src.slice(this.pos, next < 0 ? this.src.length : next);
        this.pos = next < 0 ? this.src.length : next;
      }
    }
    const body = decode(text.trim());
    if (children.length && body) this.fail(`<${name}> mixes text and elements`);
    if (!children.length) {
      if (!Object.keys(attrs).length) return { name, value: body === '' ? null : coerce(body) };
      return { name, value: body === '' ? attrs : { ...attrs, '#text': coerce(body) } };
    }
    // Repeated child names become a list; a lone child stays a plain value.
    const groups = new Map<string, Json[]>();
    for (const child of children) groups.set(child.name, [...(groups.get(child.name) ?? []), child.value]);
    const obj: Record<string, Json> = { ...attrs };
    for (const [k, values] of groups) obj[k] = values.length > 1 ? values : values[0]!;
    return { name, value: obj };
  }
}

function parseXml(text: string): Json {
  const reader = new XmlReader(text);
  reader.skipMisc();
  const root = reader.element();
  reader.skipMisc();
  if (reader.pos < text.length) reader.fail('there is content after the root element');
  return { [root.name]: root.value };
}

export function parse(text: string, format: Format): Json {
  switch (format) {
    case 'json':
      return parseJson(text);
    case 'csv':
      return parseCsv(text);
    case 'yaml':
      return parseYaml(text);
    case 'xml':
      return parseXml(text);
  }
}

/** Paths under a value that hold lists of records, to suggest what to extract before a CSV conversion. */
function recordLists(value: Json, at = '', depth = 0): string[] {
  if (Array.isArray(value)) return value.length && value.every(isRecord) ? [at || '(top level)'] : [];
  if (!isRecord(value) || depth > 3) return [];
  return Object.entries(value).flatMap(([k, v]) => recordLists(v, at ? `${at}.${k}` : k, depth + 1));
}

function toCsv(value: Json): string {
  const hint = () => {
    const lists = recordLists(value);
    return lists.length ? ` Extract one of these fields first: ${lists.join(', ')}.` : '';
  };
  if (!Array.isArray(value) || !value.every(isRecord)) throw new CodecError(`CSV needs a list of flat records at the top level.${hint()}`);
  const names: string[] = [];
  for (const rec of value as Record<string, Json>[]) {
    for (const [k, v] of Object.entries(rec)) {
      if (v !== null && typeof v === 'object') throw new CodecError(`CSV cells hold plain values, but field "${k}" holds ${Array.isArray(v) ? 'a list' : 'an object'}.`);
      if (!names.includes(k)) names.push(k);
    }
  }
  const cell = (v: Json | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [names.map(cell).join(','), ...(value as Record<string, Json>[]).map((r) => names.map((n) => cell(r[n])).join(','))].join('\n');
}

function xmlElement(name: string, value: Json, depth: number, indent: number): string {
  if (!XML_NAME.test(name)) throw new CodecError(`"${name}" cannot be an XML element name.`);
  const pad = ' '.repeat(depth * indent);
  if (value === null) return `${pad}<${name}/>`;
  if (typeof value !== 'object') return `${pad}<${name}>${encode(String(value))}</${name}>`;
  const fields: Record<string, Json> = Array.isArray(value) ? { item: value } : value;
  let attrs = '';
  let text = '';
  const lines: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (k.startsWith('@') && (v === null || typeof v !== 'object')) attrs += ` ${k.slice(1)}="${encode(String(v ?? ''))}"`;
    else if (k === '#text' && (v === null || typeof v !== 'object')) text = encode(String(v ?? ''));
    else if (Array.isArray(v)) lines.push(...v.map((item) => xmlElement(k, item, depth + 1, indent)));
    else lines.push(xmlElement(k, v, depth + 1, indent));
  }
  if (!lines.length) return text ? `${pad}<${name}${attrs}>${text}</${name}>` : `${pad}<${name}${attrs}/>`;
  if (text) throw new CodecError(`element <${name}> cannot hold both text and child elements.`);
  const nl = indent ? '\n' : '';
  return `${pad}<${name}${attrs}>${nl}${lines.join(nl)}${nl}${pad}</${name}>`;
}

/** A single-key object names the root element; anything else is wrapped in <root>. */
function toXml(value: Json, indent: number): string {
  const keys = isRecord(value) ? Object.keys(value) : [];
  if (keys.length === 1 && !keys[0]!.startsWith('@') && keys[0] !== '#text') return xmlElement(keys[0]!, (value as Record<string, Json>)[keys[0]!]!, 0, indent);
  return xmlElement('root', value, 0, indent);
}

export function serialise(value: Json, format: Format, indent = 2): string {
  switch (format) {
    case 'json':
      return JSON.stringify(value, null, indent);
    case 'csv':
      return toCsv(value);
    case 'yaml':
      return stringifyYaml(value, { indent: Math.max(indent, 1) }).replace(/\n$/, '');
    case 'xml':
      return toXml(value, indent);
  }
}
