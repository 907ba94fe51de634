import type { Rng } from '../../core/rng.ts';
import { pickFill, type Templates } from './templates.ts';

/** `note_id` -> "note id", `maxValue` -> "max value": how an identifier reads in a sentence. */
export function words(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A function description as a verb phrase: its first sentence, lower-cased start, no final period. */
export function action(description: string): string {
  const first = description
    .trim()
    .replace(/\s*\([^)]*\)/g, '')
    .split(/(?<!\b(?:e\.g|i\.e|etc|vs)\.)(?<=[.!?])\s+/)[0]!
    .replace(/,?\s*\b(?:e\.g|i\.e)\..*$/, '')
    .replace(/[.!?:;,]+$/, '');
  return /^[A-Z][a-z]/.test(first) ? first[0]!.toLowerCase() + first.slice(1) : first;
}

/** The last named part of a reference path (`c2.items[0].id` -> "id"), as words. */
export function fieldWords(path: string): string {
  const names = path.split(/[.[\]]+/).filter((p) => p && !/^\d+$/.test(p));
  if (names.length < 2) return 'result';
  return `${path.endsWith('[0]') ? 'first of the ' : ''}${words(names[names.length - 1]!)}`;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex matching a literal value as a whole token in a query (case-insensitive for strings). */
function literalPattern(value: string | number): RegExp {
  const text = escapeRegExp(String(value));
  if (typeof value === 'number') return new RegExp(`(?<![\\d.])${text}(?![\\d]|\\.\\d)`, 'g');
  return new RegExp(`(?<![A-Za-z0-9_])${text}(?![A-Za-z0-9_])`, 'gi');
}

/**
 * Replaces every whole-token occurrence of a literal in a query; undefined when it does not occur.
 * An article right before the value follows the new word ("an economy" -> "a business").
 */
export function replaceLiteral(query: string, from: string | number, to: string): string | undefined {
  const re = literalPattern(from);
  if (!re.test(query)) return undefined;
  re.lastIndex = 0;
  const article = new RegExp(`\\b(a|an|A|An)(\\s+)(?=${escapeRegExp(to)}(?![A-Za-z0-9_]))`, 'g');
  return query.replace(re, () => to).replace(article, (_, a: string, space: string) => `${articleFor(to, a)}${space}`);
}

/** "a" or "an" for a word, keeping the capital of the article it replaces. */
function articleFor(word: string, was: string): string {
  // Vowel sound by first letter; an acronym is read letter by letter ("an XML", "a CSV"); numbers stay as written.
  if (/^\d/.test(word)) return was;
  const an = /^[A-Z]{2,}/.test(word) ? /^[AEFHILMNORSX]/.test(word) : /^[aeiou]/i.test(word) && !/^(uni|use|eu|one)/i.test(word);
  const chosen = an ? 'an' : 'a';
  return was[0] === 'A' ? chosen[0]!.toUpperCase() + chosen.slice(1) : chosen;
}

/** How extra literal arguments are stated in a sentence: "" when there are none. */
export function literalsPhrase(rng: Rng, templates: Templates, args: readonly { param: string; value: unknown }[]): string {
  if (args.length === 0) return '';
  const list = args.map((a) => `${words(a.param)} ${typeof a.value === 'string' ? a.value : JSON.stringify(a.value)}`).join(', ');
  return pickFill(rng, templates.literals, { list });
}
