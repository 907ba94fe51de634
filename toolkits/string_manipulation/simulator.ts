import { defineSimulator, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';
import { analyse, changeCase, commonPrefix, countWords, extract, replaceText, reverse, slugify, truncate } from './text.ts';

interface Doc {
  title: string;
  text: string;
  revision: number;
}
interface StrState {
  counter: number;
  documents: Record<string, Doc>;
}

const MAX_DOCUMENT = 20_000;

function docOf(state: StrState, id: string, ctx: SimContext): Doc {
  // Own keys only: an id such as "constructor" must not find Object.prototype's members.
  const doc = Object.hasOwn(state.documents, id) ? state.documents[id] : undefined;
  if (!doc) return ctx.fail(`No document with id "${id}"; find it by title to get its id.`);
  return doc;
}

export const simulator = defineSimulator<Args>('string_manipulation', {
  str_change_case(_s: StrState, args) {
    return { result: changeCase(args.text, args.style) };
  },

  str_replace_text(_s: StrState, args, ctx) {
    if (args.find === '') ctx.fail('find must not be empty.');
    return replaceText(args.text, args.find, args.replace, args.ignore_case ?? false, args.max_count);
  },

  str_split_text(_s: StrState, args, ctx) {
    if (args.separator === '') ctx.fail('separator must not be empty.');
    const raw = args.text.split(args.separator);
    const parts = (args.trim ?? true) ? raw.map((p) => p.trim()).filter((p) => p !== '') : raw;
    return { parts, count: parts.length };
  },

  str_join_parts(_s: StrState, args) {
    return { result: args.parts.join(args.separator) };
  },

  str_count_words(_s: StrState, args) {
    return countWords(args.text);
  },

  str_reverse(_s: StrState, args) {
    return { result: reverse(args.text, args.unit) };
  },

  str_slugify(_s: StrState, args, ctx) {
    const slug = slugify(args.text, args.max_length);
    if (slug === '') ctx.fail('The text has no letters or digits to build a slug from.');
    return { slug };
  },

  str_truncate(_s: StrState, args, ctx) {
    const ellipsis = args.ellipsis ?? '...';
    if ([...ellipsis].length >= args.max_length) ctx.fail(`max_length ${args.max_length} leaves no room for the ellipsis "${ellipsis}".`);
    return truncate(args.text, args.max_length, ellipsis);
  },

  str_extract_pattern(_s: StrState, args) {
    const matches = extract(args.text, args.pattern);
    return { matches, count: matches.length };
  },

  str_common_prefix(_s: StrState, args) {
    const prefix = commonPrefix(args.texts);
    return { prefix, length: prefix.length };
  },

  str_save_document(state: StrState, args, ctx) {
    const title = args.title.trim();
    if (title === '') ctx.fail('A document needs a non-empty title.');
    if (args.text.length > MAX_DOCUMENT) ctx.fail(`A document holds at most ${MAX_DOCUMENT} characters; this text has ${args.text.length}.`);
    const clash = Object.entries(state.documents).find(([, d]) => d.title.toLowerCase() === title.toLowerCase());
    if (clash) ctx.fail(`A document titled "${clash[1].title}" already exists (id ${clash[0]}); edit it or choose another title.`);
    state.counter += 1;
    const document_id = ctx.id('doc', title, args.text, state.counter);
    state.documents[document_id] = { title, text: args.text, revision: 1 };
    return { document_id, title, characters: args.text.length };
  },

  str_find_document(state: StrState, args, ctx) {
    const hit = Object.entries(state.documents).find(([, d]) => d.title.toLowerCase() === args.title.trim().toLowerCase());
    if (!hit) {
      const titles =
        Object.values(state.documents)
          .map((d) => `"${d.title}"`)
          .join(', ') || 'none';
      return ctx.fail(`No document titled "${args.title}". Titles: ${titles}.`);
    }
    const [document_id, doc] = hit;
    return { document_id, title: doc.title, characters: doc.text.length, revision: doc.revision };
  },

  str_read_document(state: StrState, args, ctx) {
    const doc = docOf(state, args.document_id, ctx);
    return { document_id: args.document_id, title: doc.title, text: doc.text, revision: doc.revision };
  },

  str_edit_document(state: StrState, args, ctx) {
    const doc = docOf(state, args.document_id, ctx);
    if (args.find === '') ctx.fail('find must not be empty.');
    const { result, replacements } = replaceText(doc.text, args.find, args.replace, args.ignore_case ?? false);
    if (replacements === 0) ctx.fail(`"${args.find}" does not occur in "${doc.title}"${args.ignore_case ? '' : ' (the match is case-sensitive)'}.`);
    if (result.length > MAX_DOCUMENT) ctx.fail(`The edit would grow "${doc.title}" past ${MAX_DOCUMENT} characters.`);
    doc.text = result;
    doc.revision += 1;
    return { document_id: args.document_id, replacements, revision: doc.revision, characters: result.length };
  },

  str_analyze_document(state: StrState, args, ctx) {
    const doc = docOf(state, args.document_id, ctx);
    return { document_id: args.document_id, title: doc.title, ...analyse(doc.text, args.top ?? 5) };
  },
});
