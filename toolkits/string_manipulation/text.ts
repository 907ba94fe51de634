/** Pure text operations behind the string_manipulation simulator. */

export type CaseStyle = 'upper' | 'lower' | 'title' | 'sentence' | 'snake' | 'camel' | 'kebab';
export type PatternKind = 'email' | 'url' | 'number' | 'date' | 'hashtag' | 'mention' | 'phone';

const WORD = /[\p{L}\p{N}']+/gu;

/** Words for identifier styles: split on anything that is not a letter or digit and on camelCase humps. */
function identifierWords(text: string): string[] {
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const capitalise = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

export function changeCase(text: string, style: CaseStyle): string {
  switch (style) {
    case 'upper':
      return text.toUpperCase();
    case 'lower':
      return text.toLowerCase();
    case 'title':
      return text.toLowerCase().replace(/\p{L}[\p{L}\p{N}']*/gu, capitalise);
    case 'sentence':
      return text.toLowerCase().replace(/(^\s*|[.!?]\s+)(\p{L})/gu, (_, lead: string, ch: string) => lead + ch.toUpperCase());
    case 'snake':
      return identifierWords(text).join('_');
    case 'kebab':
      return identifierWords(text).join('-');
    case 'camel':
      return identifierWords(text)
        .map((w, i) => (i === 0 ? w : capitalise(w)))
        .join('');
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces up to maxCount occurrences (all when undefined) and counts them. */
export function replaceText(text: string, find: string, replace: string, ignoreCase: boolean, maxCount?: number): { result: string; replacements: number } {
  let replacements = 0;
  const re = new RegExp(escapeRegExp(find), ignoreCase ? 'gi' : 'g');
  const result = text.replace(re, (match) => {
    if (maxCount !== undefined && replacements >= maxCount) return match;
    replacements += 1;
    return replace;
  });
  return { result, replacements };
}

/**
 * Words as a person counts them: runs between spaces that hold a letter or digit, so a timestamp
 * "08:05:42" or a date "2024-04-12" is one word, and list marks ("-", "[ ]", "[x]") none; distinct
 * words ignore case and the punctuation around them.
 */
export function countWords(text: string): { words: number; unique_words: number; characters: number; characters_no_spaces: number; sentences: number } {
  const words = text
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w) && !/^\[[xX]\]$/.test(w))
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
  const sentences = text.trim() === '' ? 0 : text.split(/[.!?]+(?:\s+|$)/).filter((s) => s.trim() !== '').length;
  return {
    words: words.length,
    unique_words: new Set(words.map((w) => w.toLowerCase())).size,
    characters: [...text].length,
    characters_no_spaces: [...text.replace(/\s/g, '')].length,
    sentences,
  };
}

export function reverse(text: string, unit: 'characters' | 'words'): string {
  if (unit === 'characters') return [...text].reverse().join('');
  return text.trim().split(/\s+/).reverse().join(' ');
}

/** Lowercase ASCII words joined by hyphens; a length cap cuts at a hyphen where it can. */
export function slugify(text: string, maxLength?: number): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (maxLength === undefined || slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash > 0 ? cut.slice(0, lastDash) : cut).replace(/-+$/, '');
}

/** Shortens to at most maxLength characters including the ellipsis, preferring to cut between words. */
export function truncate(text: string, maxLength: number, ellipsis: string): { result: string; truncated: boolean } {
  if ([...text].length <= maxLength) return { result: text, truncated: false };
  const chars = [...text];
  const room = maxLength - [...ellipsis].length;
  const cut = chars.slice(0, room).join('');
  const endsOnWord = /\s/.test(chars[room] ?? ' ');
  const space = cut.lastIndexOf(' ');
  const body = (endsOnWord || space <= room / 2 ? cut : cut.slice(0, space)).trimEnd();
  return { result: body + ellipsis, truncated: true };
}

const PATTERNS: Record<PatternKind, RegExp> = {
  email: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  url: /https?:\/\/[^\s<>"')]+/g,
  // Digits inside dates, versions or identifiers are not numbers of their own.
  number: /(?<![\w.\-/])-?\d+(?:\.\d+)?(?![\w\-/]|\.\d)/g,
  date: /\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\b/g,
  hashtag: /(?<![\w#])#[\p{L}\p{N}_]+/gu,
  mention: /(?<![\w@])@[A-Za-z0-9_]+/g,
  phone: /(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3}[ .-]?\d{3,4}\b/g,
};

export function extract(text: string, kind: PatternKind): string[] {
  const found = text.match(PATTERNS[kind]) ?? [];
  // A sentence often ends right after a URL; the full stop is not part of it.
  return kind === 'url' ? found.map((u) => u.replace(/[.,;:!?]+$/, '')) : found;
}

export function commonPrefix(texts: string[]): string {
  let prefix = texts[0] ?? '';
  for (const t of texts.slice(1)) {
    let i = 0;
    while (i < prefix.length && i < t.length && prefix[i] === t[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix;
}

/** Vowel groups, less a silent final e: the usual estimate behind readability scores. */
function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length <= 3) return 1;
  const groups = w.replace(/e$/, '').match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 1);
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Word statistics, Flesch reading ease and the most frequent words of four letters or more. */
export function analyse(text: string, top: number): Record<string, unknown> {
  const words = text.match(WORD) ?? [];
  const { sentences } = countWords(text);
  const counts = new Map<string, number>();
  for (const w of words.map((x) => x.toLowerCase()).filter((x) => x.length >= 4)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const syllableTotal = words.reduce((s, w) => s + syllables(w), 0);
  const perSentence = sentences ? words.length / sentences : 0;
  const ease = words.length ? 206.835 - 1.015 * perSentence - 84.6 * (syllableTotal / words.length) : 0;
  const longest = words.reduce((best, w) => (w.length > best.length ? w : best), '');
  return {
    words: words.length,
    sentences,
    avg_sentence_length: round(perSentence, 1),
    reading_ease: round(ease, 1),
    longest_word: longest,
    top_words: ranked.slice(0, top).map(([word, count]) => ({ word, count })),
  };
}
