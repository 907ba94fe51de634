import { CodecError, coerce, isRecord, lineAt, type Json } from './codec.ts';

/** A plain-element XML: elements, attributes, text and comments. */

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

export function parseXml(text: string): Json {
  const reader = new XmlReader(text);
  reader.skipMisc();
  const root = reader.element();
  reader.skipMisc();
  if (reader.pos < text.length) reader.fail('there is content after the root element');
  return { [root.name]: root.value };
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
export function toXml(value: Json, indent: number): string {
  const keys = isRecord(value) ? Object.keys(value) : [];
  if (keys.length === 1 && !keys[0]!.startsWith('@') && keys[0] !== '#text') return xmlElement(keys[0]!, (value as Record<string, Json>)[keys[0]!]!, 0, indent);
  return xmlElement('root', value, 0, indent);
}
