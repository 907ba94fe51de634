import { defineSimulator, type SimContext, ToolError } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';
import { CodecError, parse, serialise, type Format, type Json } from './codecs.ts';
import { convertSize, readDate, weekday, writeDate, type DateStyle } from './measures.ts';

interface Doc {
  name: string;
  format: Format;
  content: string;
}
interface FmtState {
  counter: number;
  documents: Record<string, Doc>;
}

const NAME = /^[A-Za-z0-9][\w.-]{0,59}$/;
const PATH = /^([^.[\]]+|\[\d+\])(\.[^.[\]]+|\[\d+\])*$/;

function docOf(state: FmtState, id: string, ctx: SimContext): Doc {
  // Own keys only: an id such as "constructor" must not find Object.prototype's members.
  const doc = Object.hasOwn(state.documents, id) ? state.documents[id] : undefined;
  if (!doc) return ctx.fail(`No document with id "${id}"; find it by name to get its id.`);
  return doc;
}

/** Runs a codec step, turning its errors into tool errors the agent can read. */
function codec<T>(ctx: SimContext, step: () => T, what: string): T {
  try {
    return step();
  } catch (err) {
    if (err instanceof CodecError) return ctx.fail(`${what}: ${err.message}`);
    throw err;
  }
}

function checkNewName(state: FmtState, name: string, ctx: SimContext): void {
  if (!NAME.test(name)) ctx.fail(`"${name}" is not a valid document name: letters, digits, dots, dashes and underscores, up to 60 characters.`);
  const clash = Object.entries(state.documents).find(([, d]) => d.name === name);
  if (clash) ctx.fail(`A document named "${name}" already exists (id ${clash[0]}); choose another name.`);
}

function store(state: FmtState, ctx: SimContext, doc: Doc): string {
  state.counter += 1;
  const id = ctx.id('fdoc', doc.name, doc.format, doc.content, state.counter);
  state.documents[id] = doc;
  return id;
}

const records = (value: Json): number | null => (Array.isArray(value) ? value.length : null);

/** Follows "a.b[0].c", naming the step that fails and what was available there. */
function extractPath(value: Json, path: string, ctx: SimContext): Json {
  if (!PATH.test(path)) return ctx.fail(`"${path}" is not a field path; write keys joined by dots with [n] for list items, e.g. lines.line[0].sku or [0].name.`);
  let cur: Json = value;
  let at = '';
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) {
      const i = Number(m[2]);
      if (!Array.isArray(cur)) return ctx.fail(`"${at || 'the document'}" is not a list, so [${i}] does not apply.`);
      if (i >= cur.length) return ctx.fail(`"${at}" has ${cur.length} items; [${i}] is out of range.`);
      cur = cur[i]!;
      at += `[${i}]`;
    } else {
      const key = m[1]!;
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return ctx.fail(`"${at || 'the document'}" is not an object, so it has no field "${key}".`);
      if (!Object.hasOwn(cur, key)) return ctx.fail(`"${at || 'the document'}" has no field "${key}"; its fields are: ${Object.keys(cur).join(', ')}.`);
      cur = cur[key]!;
      at = at ? `${at}.${key}` : key;
    }
  }
  return cur;
}

const typeOf = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : typeof v);

function convertOne(state: FmtState, ctx: SimContext, sourceId: string, to: Format, name?: string) {
  const src = docOf(state, sourceId, ctx);
  if (src.format === to) ctx.fail(`"${src.name}" is already ${to}.`);
  const target = name ?? `${src.name.replace(/\.(json|csv|ya?ml|xml)$/i, '')}.${to}`;
  checkNewName(state, target, ctx);
  const value = codec(ctx, () => parse(src.content, src.format), `"${src.name}" no longer parses`);
  const content = codec(ctx, () => serialise(value, to), `"${src.name}" cannot be written as ${to}`);
  const document_id = store(state, ctx, { name: target, format: to, content });
  return { document_id, name: target, format: to, content };
}

export const simulator = defineSimulator<Args>('data_format', {
  fmt_import_document(state: FmtState, args, ctx) {
    checkNewName(state, args.name, ctx);
    const value = codec(ctx, () => parse(args.content, args.format), `Cannot import "${args.name}"`);
    const document_id = store(state, ctx, { name: args.name, format: args.format, content: args.content });
    return { document_id, name: args.name, format: args.format, records: records(value), bytes: Buffer.byteLength(args.content, 'utf8') };
  },

  fmt_find_document(state: FmtState, args, ctx) {
    const hit = Object.entries(state.documents).find(([, d]) => d.name.toLowerCase() === args.name.toLowerCase());
    if (!hit)
      return ctx.fail(
        `No document named "${args.name}". Documents: ${
          Object.values(state.documents)
            .map((d) => d.name)
            .join(', ') || 'none'
        }.`,
      );
    const [document_id, doc] = hit;
    return { document_id, name: doc.name, format: doc.format, bytes: Buffer.byteLength(doc.content, 'utf8') };
  },

  fmt_get_document(state: FmtState, args, ctx) {
    const doc = docOf(state, args.document_id, ctx);
    return { document_id: args.document_id, name: doc.name, format: doc.format, content: doc.content };
  },

  fmt_validate(_state: FmtState, args) {
    try {
      const value = parse(args.content, args.format);
      return { valid: true, error: null, line: null, top_level: typeOf(value), records: records(value) };
    } catch (err) {
      if (!(err instanceof CodecError)) throw err;
      return { valid: false, error: err.message, line: err.line ?? null, top_level: null, records: null };
    }
  },

  fmt_convert_document(state: FmtState, args, ctx) {
    return convertOne(state, ctx, args.document_id, args.to, args.name);
  },

  fmt_pretty_print(_state: FmtState, args, ctx) {
    const value = codec(ctx, () => parse(args.content, args.format), 'Cannot pretty-print');
    return { content: codec(ctx, () => serialise(value, args.format, args.indent ?? 2), 'Cannot pretty-print') };
  },

  fmt_extract_field(state: FmtState, args, ctx) {
    const doc = docOf(state, args.document_id, ctx);
    const value = extractPath(
      codec(ctx, () => parse(doc.content, doc.format), `"${doc.name}" no longer parses`),
      args.path,
      ctx,
    );
    if (args.save_as === undefined) return { value, type: typeOf(value), document_id: null };
    checkNewName(state, args.save_as, ctx);
    const document_id = store(state, ctx, { name: args.save_as, format: 'json', content: JSON.stringify(value, null, 2) });
    return { value, type: typeOf(value), document_id };
  },

  fmt_convert_date(_state: FmtState, args, ctx) {
    const ymd = readDate(args.date, args.from);
    if (!ymd) {
      const examples: Record<DateStyle, string> = { iso: '2024-03-18', us: '03/18/2024', eu: '18/03/2024', long: 'March 18, 2024', compact: '20240318', unix: '1710720000' };
      return ctx.fail(`"${args.date}" is not a real date in the ${args.from} style (e.g. ${examples[args.from]}).`);
    }
    return { date: writeDate(ymd, args.to), weekday: weekday(ymd) };
  },

  fmt_convert_data_size(_state: FmtState, args) {
    const value = convertSize(args.value, args.from_unit, args.to_unit);
    return { value, formatted: `${value} ${args.to_unit}` };
  },

  fmt_bulk_convert(state: FmtState, args, ctx) {
    const unique = [...new Set(args.document_ids)];
    for (const id of unique) docOf(state, id, ctx);
    const converted: { source_id: string; document_id: string; name: string }[] = [];
    const failed: { source_id: string; error: string }[] = [];
    for (const source_id of unique) {
      // Each conversion runs against a scratch copy, so one document that cannot convert does not stop the others.
      const scratch = structuredClone(state);
      try {
        const out = convertOne(scratch, ctx, source_id, args.to);
        Object.assign(state, scratch);
        converted.push({ source_id, document_id: out.document_id, name: out.name });
      } catch (err) {
        if (!(err instanceof ToolError)) throw err;
        failed.push({ source_id, error: err.message });
      }
    }
    return { to: args.to, converted, failed, converted_count: converted.length };
  },
});
