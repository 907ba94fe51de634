/**
 * How one task of a sample names another task's answer ("the flight fare from T1"). Compose picks
 * the noun phrase with these functions and the contract checks the result with the same ones, so a
 * reference the build writes is one the contract accepts.
 */

/** Words that say nothing about which value is meant. */
const STOP = new Set(
  'a an the that this these those your my our its his her their of in on at by for from to with and or as is are was were be it me i you we what which how much many new'.split(' '),
);

/** Lower case, a possessive or plural ending dropped, so "fares" and "fare's" meet "fare". */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/** The words of a text that carry meaning, stemmed. */
export function contentWords(text: string): string[] {
  return (text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? []).map(stem).filter((w) => w.length > 1 && !STOP.has(w));
}

/** How many content words of `noun` the `query` also uses. */
export function sharedWords(noun: string, query: string): number {
  const said = new Set(contentWords(query));
  return new Set(contentWords(noun).filter((w) => said.has(w))).size;
}

/**
 * The noun phrase that names a producer's answer in the words of the producer's own query: the one
 * sharing the most content words with it; on a tie the one adding fewest words the query does not
 * use ("the line" over "the error line" for "the line that says Total due"), then the first. None
 * when no phrase shares a word (a reference would name something the person never asked for).
 */
export function bestNoun(nouns: readonly string[], producerQuery: string): string | undefined {
  let best: string | undefined;
  let score = 0;
  let extra = Infinity;
  for (const noun of nouns) {
    const s = sharedWords(noun, producerQuery);
    const e = new Set(contentWords(noun)).size - s;
    if (s > score || (s === score && s > 0 && e < extra)) {
      best = noun;
      score = s;
      extra = e;
    }
  }
  return best;
}

/** How a bridge slot reads: the noun phrase, then the producer's id once. */
export function referencePhrase(noun: string, tid: string): string {
  return `${noun} from ${tid}`;
}

/** Every "the <noun> from T<n>" (or "of"/"in" T<n>) in a query, with the task id it names. */
export function referencesIn(query: string): { tid: string; noun: string }[] {
  const out: { tid: string; noun: string }[] = [];
  const re = /\b((?:the|that|this|your|my)\s+(?:[A-Za-z'’-]+\s+){0,5}?[A-Za-z'’-]+)\s+(?:from|of|in)\s+(T\d+)\b/gi;
  for (const m of query.matchAll(re)) out.push({ noun: m[1]!, tid: m[2]! });
  return out;
}

/** How often a query names a task id (T1, T2...). */
export function mentions(query: string, tid: string): number {
  return (query.match(new RegExp(`\\b${tid}\\b`, 'g')) ?? []).length;
}

/** "in task T1", "from task T2": how a form names a field, not how a person refers to an errand. */
export const TASK_META = /\b(?:in|from|of|for|by)\s+task\s+T\d+\b|\btask\s+T\d+['’]s\b/i;
