import type { RuleOperator } from '../operator.ts';
import { pickFill } from '../templates.ts';
import { escapeRegExp } from '../text.ts';

/** Rewords the query by templates: a wrapper phrase and some whole-word swaps; values stay as written. */
export const rewordOperator: RuleOperator = {
  name: 'reword',
  propose(parent, { rng, templates }) {
    let query = parent.query.trim();
    for (const [from, to] of templates.reword.swaps) {
      const re = new RegExp(`(?<![A-Za-z])${escapeRegExp(from)}(?![A-Za-z])`, 'g');
      if (re.test(query) && rng.next() < 0.5) query = query.replace(re, to);
    }
    query = pickFill(rng, templates.reword.wrappers, { query });
    if (query === parent.query) return { inapplicable: 'no template changes this query' };
    return { task: { ...parent, query } };
  },
};
