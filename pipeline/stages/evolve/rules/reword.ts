import type { Rng } from '../../../core/rng.ts';
import type { RuleOperator } from '../operator.ts';

/** Applies one [regex, replacement] rewrite; undefined when it does not match. */
function rewrite(query: string, [pattern, to]: readonly [string, string]): string | undefined {
  const re = new RegExp(pattern, 'g');
  if (!re.test(query)) return undefined;
  const out = query.replace(new RegExp(pattern, 'g'), to);
  // A request made a question beside another question would ask two things.
  const asks = (q: string) => (q.match(/\?/g) ?? []).length;
  if (asks(out) > asks(query) && asks(query) > 0) return undefined;
  return out === query ? undefined : out;
}

/**
 * "Sort the list" -> "Please sort the list", when the query opens with one of the listed verbs. Only
 * there: a "Please" in mid-paragraph, after the user has set the scene ("I fly on Friday. Please book
 * ..."), reads as pasted in.
 */
function politely(query: string, verbs: readonly string[]): string | undefined {
  if (/\bplease\b/i.test(query)) return undefined;
  const m = /^([A-Z][a-z]+)\b/.exec(query);
  if (!m || !verbs.includes(m[1]!)) return undefined;
  return `Please ${m[1]!.toLowerCase()}${query.slice(m[1]!.length)}`;
}

/**
 * Rewords the query the way a person might have written it instead: a closing request turned into a
 * question or back, "Tell me" for "Let me know", a "Please" before an opening imperative; never a
 * canned preamble. Values and sentences otherwise stay as written. A query none of the rewrites fits
 * is not reworded (inapplicable), so the child is never a copy with a pasted phrase.
 */
export const rewordOperator: RuleOperator = {
  name: 'reword',
  propose(parent, { rng, templates }) {
    const { rewrites, minor, please } = templates.reword;
    const start = parent.query.trim();
    // One sentence rewrite at most: two could undo each other (a question made a request, then back).
    const fitting = rewrites.filter((r) => rewrite(start, r) !== undefined);
    const polite = politely(start, please) !== undefined;
    if (fitting.length === 0 && !polite) return { inapplicable: 'no natural rewording fits this query' };
    let query = start;
    if (fitting.length > 0 && (!polite || rng.next() < 0.75)) query = rewrite(query, rng.pick(fitting))!;
    if (polite && (query === start || rng.next() < 0.5)) query = politely(query, please) ?? query;
    query = applySome(query, minor, rng);
    if (query === parent.query) return { inapplicable: 'no natural rewording fits this query' };
    return { task: { ...parent, query } };
  },
};

function applySome(query: string, rules: readonly (readonly [string, string])[], rng: Rng): string {
  let out = query;
  for (const r of rules) {
    const next = rewrite(out, r);
    if (next !== undefined && rng.next() < 0.5) out = next;
  }
  return out;
}
