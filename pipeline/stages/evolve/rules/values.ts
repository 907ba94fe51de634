import { valuesMatch } from '../../../core/normalize.ts';
import { isRef } from '../../../world/refs.ts';
import { queryMentions } from '../../../validate/literals.ts';
import type { RuleOperator } from '../operator.ts';
import { literalSites, withValues, type LiteralSite } from '../sites.ts';
import { replaceLiteral } from '../text.ts';

/**
 * New argument values drawn from the toolkit's value pools: every occurrence of a chosen literal
 * (in the arguments and the query) takes one new value, then the gold path is re-executed.
 */
export const valuesOperator: RuleOperator = {
  name: 'values',
  propose(parent, { toolkit, rng }) {
    const pools = toolkit.def.valuePools;
    const sites = literalSites(parent);
    const groups = new Map<string, LiteralSite[]>();
    for (const site of sites) {
      const key = JSON.stringify(site.value);
      groups.set(key, [...(groups.get(key) ?? []), site]);
    }
    const options: { sites: LiteralSite[]; choices: (string | number)[] }[] = [];
    for (const group of groups.values()) {
      const value = group[0]!.value;
      if (!queryMentions(parent.query, value)) continue;
      const choices = group
        .flatMap((s) => pools[s.key] ?? [])
        .filter((v): v is string | number => sameKind(v, value) && !valuesMatch(v, value) && !queryMentions(parent.query, v as string | number));
      if (choices.length > 0) options.push({ sites: group, choices: [...new Set(choices)] });
    }
    if (options.length === 0) return { inapplicable: 'no argument value of this task has a value pool' };
    const chosen = options.filter(() => rng.next() < 0.5);
    if (chosen.length === 0) chosen.push(rng.pick(options));
    let query = parent.query;
    let answer = parent.answer;
    const edits: { site: LiteralSite; value: unknown }[] = [];
    for (const option of chosen) {
      const from = option.sites[0]!.value;
      const to = rng.pick(option.choices);
      const next = replaceLiteral(query, from, String(to));
      if (next === undefined) return { inapplicable: `the query states ${JSON.stringify(from)} in a form the operator cannot rewrite` };
      query = next;
      for (const site of option.sites) edits.push({ site, value: to });
      if (!isRef(answer) && valuesMatch(answer, from)) answer = to;
    }
    return { task: { ...parent, query, answer, calls: withValues(parent.calls, edits) } };
  },
};

function sameKind(candidate: unknown, original: string | number): boolean {
  if (typeof original === 'string') return typeof candidate === 'string' && candidate.trim() !== '';
  return typeof candidate === 'number' && Number.isInteger(candidate) === Number.isInteger(original);
}
