import { canonicalJson } from '../../../core/canonical.ts';
import { valuesMatch } from '../../../core/normalize.ts';
import type { Call, Task } from '../../../schema/task.ts';
import { isRef } from '../../../world/refs.ts';
import { executeGold, initialStateFor } from '../../../world/execute.ts';
import { queryMentions } from '../../../validate/literals.ts';
import type { RuleOperator } from '../operator.ts';
import { literalSites, withValues, type LiteralSite } from '../sites.ts';
import { escapeRegExp, replaceLiteral } from '../text.ts';

/**
 * An id-like literal (`card_4821`, `USR004`, `bk_5e0c2f91d7a4`, a ticket number): it names an
 * entity of the initial state, so swapping it for another makes the query's facts about it false
 * ("card_0937, which paid for it"; "Bob (USR004)").
 */
function idLike(site: LiteralSite): boolean {
  if (/(^|_)id$|Id$|^id_|_ids?$/i.test(site.key)) return true;
  // What the query says about given content must stay true: its format ("this YAML" over XML
  // text), the keyword that finds a stated tweet ("meteor buns").
  if (/^(format|from|keyword|pattern|order_type)$/.test(site.key)) return true;
  // A sentence (a title, a description, a message) is paired with others in the query; a pool
  // sentence beside them reads as a mismatch.
  if (typeof site.value === 'string' && site.value.trim().split(/\s+/).length >= 4) return true;
  // Credentials belong together: another user's password is not this user's.
  if (/password|secret|token|username|user_name|client/i.test(site.key)) return true;
  return typeof site.value === 'string' && /^(?=.*\d)[A-Za-z]+[_-]?[A-Za-z0-9]*\d[A-Za-z0-9_-]*$/.test(site.value) && /[_]|^[A-Z]{2,}\d/.test(site.value);
}

/** A value the query glosses in parentheses ("Bob (USR002)") or right after a name: the gloss would lie. */
function glossed(query: string, value: string | number): boolean {
  return new RegExp(`\\(\\s*${escapeRegExp(String(value))}\\s*\\)`, 'i').test(query);
}

function emptyAnswer(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
}

/** Two arguments of one call that differed in the parent and are equal in the child (a user messaging themselves). */
function collapsed(parent: readonly Call[], child: readonly Call[]): boolean {
  return child.some((c, i) => {
    const before = Object.values(parent[i]!.args);
    const after = Object.values(c.args);
    for (let a = 0; a < after.length; a++) {
      for (let b = a + 1; b < after.length; b++) {
        if (!isRef(after[a]) && valuesMatch(after[a], after[b]) && !valuesMatch(before[a], before[b])) return true;
      }
    }
    return false;
  });
}

/**
 * New argument values drawn from the toolkit's value pools: every occurrence of a chosen literal
 * (in the arguments and the query) takes one new value, then the gold path is re-executed. Only
 * top-level arguments take pool values (a nested field named like an argument is something else);
 * ids, credentials, glossed values and names a pronoun refers to are never swapped; a child whose answer is empty, whose state-changing
 * steps change nothing, or whose call collapses two different arguments into one is refused.
 */
export const valuesOperator: RuleOperator = {
  name: 'values',
  propose(parent, { toolkit, registry, run, rng }) {
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
      if (!queryMentions(parent.query, value) || glossed(parent.query, value)) continue;
      // A person's name the query refers back to ("send her") would change sex under the pronoun.
      if (typeof value === 'string' && /^[A-Z][a-z]+ [A-Z][a-z]+$/.test(value) && /\b(she|her|hers|he|him|his)\b/i.test(parent.query)) continue;
      if (group.some((s) => s.path.length !== 1 || idLike(s))) continue;
      const choices = group.flatMap((s) => pools[s.key] ?? []).filter((v): v is string | number => sameKind(v, value) && !valuesMatch(v, value) && !queryMentions(parent.query, v as string | number));
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
    const calls = withValues(parent.calls, edits);
    if (collapsed(parent.calls, calls)) return { refused: 'collapsed-arguments', detail: 'two different arguments of one call would become equal' };
    const child: Task = { ...parent, query, answer, calls };
    const trial = executeGold(child, registry);
    if (trial.problems.length === 0) {
      if (emptyAnswer(trial.answer)) return { refused: 'empty-answer', detail: 'the answer would be empty' };
      // A step that returns its own input unchanged (a replacement whose text no longer holds the
      // word) did nothing, where the parent's did something.
      const echoes = (r: typeof run, c: Call) => {
        const rec = r.calls[c.id];
        if (!rec?.ok || rec.result === null || typeof rec.result !== 'object') return false;
        const inputs = Object.values(rec.args).filter((v) => typeof v === 'string');
        return Object.values(rec.result as Record<string, unknown>).some((v) => typeof v === 'string' && inputs.includes(v));
      };
      if (calls.some((c, i) => echoes(trial, c) && !echoes(run, parent.calls[i]!))) {
        return { refused: 'no-op', detail: `a step would return its input unchanged` };
      }
      const start = canonicalJson(initialStateFor(registry, parent.toolkit, parent.initialState));
      if (canonicalJson(run.finalState) !== start && canonicalJson(trial.finalState) === start) {
        return { refused: 'no-op', detail: 'the state-changing steps would change nothing' };
      }
    }
    return { task: child };
  },
};

/** What a string looks like (an email, a date, a name, a code...): a new value must look the same. */
function shape(s: string): string {
  return [/@/, /\d/, /\s/, /^[A-Z]/, /_/, /\./, /^\d{4}-\d\d-\d\d$/].map((re) => (re.test(s) ? 1 : 0)).join('');
}

function sameKind(candidate: unknown, original: string | number): boolean {
  if (typeof original === 'string') return typeof candidate === 'string' && candidate.trim() !== '' && shape(candidate) === shape(original);
  return typeof candidate === 'number' && Number.isInteger(candidate) === Number.isInteger(original);
}
