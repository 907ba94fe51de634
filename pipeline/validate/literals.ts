import type { LanguageLayer, SpokenForm } from '../schema/language.ts';
import { isRef } from '../world/refs.ts';

/** Literal strings and numbers inside an argument value (references excluded), with their JSON paths. */
export function literalValues(value: unknown, at = ''): { value: string | number; at: string }[] {
  if (isRef(value)) return [];
  if (typeof value === 'string') return value.trim() === '' ? [] : [{ value, at }];
  if (typeof value === 'number') return [{ value, at }];
  if (Array.isArray(value)) return value.flatMap((v, i) => literalValues(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => literalValues(v, `${at}.${k}`));
  return [];
}

/** Whether a query states a literal value: strings case-insensitively, numbers in their plain decimal form. */
export function queryMentions(query: string, value: string | number): boolean {
  const q = query.toLowerCase();
  if (typeof value === 'string') return q.includes(value.toLowerCase());
  const plain = String(value);
  if (q.includes(plain)) return true;
  // 12.50 in a query states 12.5; 3.0 states 3.
  return Number.isFinite(value) && [value.toFixed(1), value.toFixed(2)].some((f) => q.includes(f));
}

/**
 * Whether a query states a literal value as a person would write it: as queryMentions, a code value
 * with underscores written with spaces or hyphens ("read-write access" for read_write, "the rear left
 * door" for rear_left), or a spoken form the toolkit's language layer lists for the slot ("°F" or
 * "Fahrenheit" for degF, "squared" for an exponent 2, "the third record's item" for the path
 * [2].item). Only the literal check reads it; operators that rewrite a value's text keep to
 * queryMentions, so they never touch a value written in words.
 */
export function queryStates(query: string, value: string | number, form?: SpokenForm): boolean {
  if (queryMentions(query, value)) return true;
  if (form && statesInForm(query, value, form)) return true;
  if (typeof value !== 'string' || !/^[a-z]+(?:_[a-z]+)+$/i.test(value)) return false;
  return [' ', '-'].some((joint) => queryMentions(query, value.replace(/_/g, joint)));
}

/** The spoken form of a slot: the language layer's entry for this one parameter, else for its semantic type. */
export function spokenForm(language: LanguageLayer | undefined, tool: string, param: string): SpokenForm | undefined {
  if (!language) return undefined;
  const type = language.functions[tool]?.params[param];
  return language.spoken[`${tool}.${param}`] ?? (type ? language.spoken[type] : undefined);
}

/**
 * The spoken form for a literal found at `at` inside a call's arguments (literalValues' path): the
 * top-level parameter it sits in (`.path`, `.filters[0].column` -> filters) keys the form.
 */
export function spokenFormAt(language: LanguageLayer | undefined, tool: string, at: string): SpokenForm | undefined {
  const param = /^\.([^.[]+)/.exec(at)?.[1];
  return param ? spokenForm(language, tool, param) : undefined;
}

const queryWords = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

/** A phrase as whole words of the query: "mile" is not in "smile"; "°F" may follow a digit ("100.9°F"). */
export function hasPhrase(query: string, phrase: string, exactCase = false): boolean {
  const p = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const before = /^[\p{L}\p{N}]/u.test(phrase) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = /[\p{L}\p{N}]$/u.test(phrase) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${before}${p}${after}`, exactCase ? 'u' : 'iu').test(query);
}

function statesInForm(query: string, value: string | number, form: SpokenForm): boolean {
  if ('kind' in form && form.kind === 'path') return typeof value === 'string' && pathStated(query, value, form.keys as Record<string, string[]>);
  const phrases = (form as Record<string, string[]>)[String(value)];
  return phrases?.some((p) => hasPhrase(query, p)) ?? false;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];

/**
 * Whether a query says a field path in words: each index as its ordinal ("second" for [1]) and each
 * key by its words, singular or plural, or by one of the key's listed phrases.
 */
export function pathStated(query: string, path: string, keys: Readonly<Record<string, readonly string[]>> = {}): boolean {
  const parts = path.match(/[^.[\]]+|\[\d+\]/g);
  if (!parts || parts.length === 0) return false;
  const words = queryWords(query);
  const said = (w: string) => words.has(w) || words.has(`${w}s`) || (w.endsWith('s') && words.has(w.slice(0, -1)));
  return parts.every((part) => {
    const index = /^\[(\d+)\]$/.exec(part);
    if (index) {
      const ordinal = ORDINALS[Number(index[1])];
      return ordinal !== undefined && words.has(ordinal);
    }
    if (keys[part]?.some((p) => hasPhrase(query, p))) return true;
    return part
      .toLowerCase()
      .split(/_+/)
      .filter(Boolean)
      .every((w) => said(w));
  });
}
