import { canonicalJson } from '../../../core/canonical.ts';
import { valuesMatch } from '../../../core/normalize.ts';
import type { Call, Task } from '../../../schema/task.ts';
import { isRef } from '../../../world/refs.ts';
import { executeGold, initialStateFor, type GoldRun } from '../../../world/execute.ts';
import type { LanguageLayer } from '../../../schema/language.ts';
import { queryMentions } from '../../../validate/literals.ts';
import type { RuleOperator } from '../operator.ts';
import { literalSites, withValues, type LiteralSite } from '../sites.ts';
import { escapeRegExp, replaceLiteral } from '../text.ts';

/**
 * An id-like literal (`card_4821`, `USR004`, `bk_5e0c2f91d7a4`, a ticket number): it names an
 * entity of the initial state, so swapping it for another makes the query's facts about it false
 * ("card_0937, which paid for it"; "Bob (USR004)").
 */
function idLike(site: LiteralSite, args: Record<string, unknown>): boolean {
  if (/(^|_)id$|Id$|^id_|_ids?$/i.test(site.key)) return true;
  // What the query says about given content must stay true: its format ("this YAML" over XML
  // text), the keyword that finds a stated tweet ("meteor buns").
  if (/^(format|from|keyword|pattern|order_type)$/.test(site.key)) return true;
  // A sentence (a title, a description, a message) is paired with others in the query; a pool
  // sentence beside them reads as a mismatch.
  if (typeof site.value === 'string' && site.value.trim().split(/\s+/).length >= 4) return true;
  // Credentials belong together: another user's password is not this user's. An account name
  // beside no password (the account to follow, to look at) is no credential.
  if (/password|secret|token|client/i.test(site.key)) return true;
  if (/username|user_name/i.test(site.key) && Object.keys(args).some((k) => /password|secret/i.test(k))) return true;
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
 * The values a slot may take: the language layer's list for this one parameter, else for its
 * semantic type; undefined when neither exists (the slot keeps its value: a file name, a table, an
 * aggregate operation or a unit carries what the query says about it).
 */
export function typedPool(language: LanguageLayer, tool: string, param: string): readonly (string | number)[] | undefined {
  const type = language.functions[tool]?.params[param];
  return language.values[`${tool}.${param}`] ?? (type ? language.values[type] : undefined);
}

/**
 * Two literals that belong together: one holds the other's word ("orders" and "orders_archive",
 * "shopping_list.txt" and "shopping_sorted.txt") or is its typo ("MSFX" for "MSFT"). Changing one
 * alone makes the pair contradict itself, so such a value keeps its value.
 */
export function linkedLiterals(value: string | number, others: readonly (string | number)[]): boolean {
  if (typeof value !== 'string') return false;
  const tokens = (s: string) =>
    s
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((t) => t.length >= 4 && !/^(txt|json|yaml|csv|xml|html)$/.test(t));
  const mine = new Set(tokens(value));
  return others.some((o) => {
    if (typeof o !== 'string' || o === value) return false;
    if (tokens(o).some((t) => mine.has(t))) return true;
    return o.length === value.length && o.length >= 3 && [...o].filter((c, i) => c !== value[i]).length === 1;
  });
}

/** The value written the way the query writes the one it replaces ("JSON" for json, "Csv"...). */
function inQueryCase(query: string, from: string | number, to: string | number): string {
  // "a first flight" is no English: the class is "first class" or "first-class".
  const text = to === 'first' && !new RegExp(`\\b${escapeRegExp(String(from))}\\s+class\\b`, 'i').test(query) ? 'first-class' : String(to);
  if (typeof from !== 'string' || typeof to !== 'string') return text;
  const m = new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(from)}(?![A-Za-z0-9_])`, 'i').exec(query);
  if (!m || m[0] === from) return text;
  if (m[0] === m[0].toUpperCase()) return text.toUpperCase();
  if (m[0] === m[0].toLowerCase()) return text.toLowerCase();
  return text;
}

/** Nouns a count in a query governs, singular to plural: "1 decimal place" but "2 decimal places". */
// Only nouns never used as a modifier: "a 450 mile drive" and "a 20-character password" keep their form.
const COUNTED: Record<string, string> = { place: 'places', line: 'lines', row: 'rows', digit: 'digits' };

/** Makes the noun after a replaced number agree with it ("0 decimal place" -> "0 decimal places"). */
export function agreeNumber(query: string, value: number): string {
  const text = escapeRegExp(String(value));
  return query.replace(new RegExp(`(?<![\\d.])(${text})(\\s+(?:decimal\\s+)?)([a-z]+)\\b`, 'g'), (all, n: string, space: string, noun: string) => {
    const plural = COUNTED[noun];
    const singular = Object.keys(COUNTED).find((k) => COUNTED[k] === noun && k !== noun);
    if (value === 1 && singular) return `${n}${space}${singular}`;
    if (value !== 1 && plural && plural !== noun) return `${n}${space}${plural}`;
    return all;
  });
}

/** Every resolved scalar argument value of a run, as canonical text: fewer distinct ones means two things became one. */
function distinctArgs(run: GoldRun): number {
  const seen = new Set<string>();
  for (const rec of Object.values(run.calls)) for (const v of Object.values(rec.args)) if (typeof v === 'string' || typeof v === 'number') seen.add(JSON.stringify(v));
  return seen.size;
}

/**
 * New argument values drawn by semantic type from the language layer (`values:` in language.yaml):
 * every occurrence of a chosen literal (in the arguments and the query) takes one new value, then the
 * gold path is re-executed. Only top-level arguments of a typed slot vary; ids, credentials, glossed
 * values, values tied to another literal and names a pronoun refers to are never swapped. A child
 * whose answer is empty, whose steps change nothing, or in which two different things become one
 * (a user messaging themselves) is refused.
 */
export const valuesOperator: RuleOperator = {
  name: 'values',
  propose(parent, { toolkit, registry, run, rng }) {
    const sites = literalSites(parent);
    const literals = sites.map((s) => s.value);
    const groups = new Map<string, LiteralSite[]>();
    for (const site of sites) {
      const key = JSON.stringify(site.value);
      groups.set(key, [...(groups.get(key) ?? []), site]);
    }
    const options: { sites: LiteralSite[]; choices: (string | number)[] }[] = [];
    for (const group of groups.values()) {
      const value = group[0]!.value;
      if (!queryMentions(parent.query, value) || glossed(parent.query, value)) continue;
      // A person the query refers back to ("send her") would change under the pronoun.
      if (typeof value === 'string' && /^[A-Z][a-z]+( [A-Z][a-z]+)?$/.test(value) && /\b(she|her|hers|he|him|his)\b/i.test(parent.query)) continue;
      if (group.some((s) => s.path.length !== 1 || idLike(s, parent.calls[s.call]!.args)) || linkedLiterals(value, literals)) continue;
      const pools = group.map((s) => typedPool(toolkit.language, parent.calls[s.call]!.tool, s.key));
      if (pools.some((p) => p === undefined)) continue;
      // A list holds values interchangeable with each other; a code outside it (kebab beside upper,
      // lower, title) is not one of them, so swapping it changes what the query means ("a CSS class name in title-case").
      if (typeof value === 'string' && !pools.every((p) => p!.some((v) => valuesMatch(v, value)))) continue;
      const choices = pools[0]!.filter((v) => pools.every((p) => p!.includes(v)) && sameKind(v, value) && !valuesMatch(v, value) && !queryMentions(parent.query, v) && !linkedLiterals(v, literals));
      if (choices.length > 0) options.push({ sites: group, choices: [...new Set(choices)] });
    }
    if (options.length === 0) return { inapplicable: 'no argument value of this task has a typed value list in language.yaml' };
    const chosen = options.filter(() => rng.next() < 0.5);
    if (chosen.length === 0) chosen.push(rng.pick(options));
    // A child that differs from its parent only in a random seed reads as a copy of it.
    if (chosen.every((o) => o.sites.every((s) => toolkit.language.functions[parent.calls[s.call]!.tool]?.params[s.key] === 'seed'))) {
      return { refused: 'copy', detail: 'only a random seed would change' };
    }
    let query = parent.query;
    let answer = parent.answer;
    const edits: { site: LiteralSite; value: unknown }[] = [];
    for (const option of chosen) {
      const from = option.sites[0]!.value;
      const to = rng.pick(option.choices);
      const next = replaceLiteral(query, from, inQueryCase(query, from, to));
      if (next === undefined) return { inapplicable: `the query states ${JSON.stringify(from)} in a form the operator cannot rewrite` };
      query = typeof to === 'number' ? agreeNumber(next, to) : next;
      for (const site of option.sites) edits.push({ site, value: to });
      if (!isRef(answer) && valuesMatch(answer, from)) answer = to;
    }
    const calls = withValues(parent.calls, edits);
    if (collapsed(parent.calls, calls)) return { refused: 'collapsed-arguments', detail: 'two different arguments of one call would become equal' };
    const child: Task = { ...parent, query, answer, calls };
    const trial = executeGold(child, registry);
    if (trial.problems.length === 0) {
      if (emptyAnswer(trial.answer)) return { refused: 'empty-answer', detail: 'the answer would be empty' };
      // A first attempt the query says fails for one reason ("because the data is nested") must
      // still fail for that reason, not another ("is already xml").
      const swapped = (text: string) => edits.reduce((t, e) => t.split(String(e.site.value).toLowerCase()).join(String(e.value).toLowerCase()), text.toLowerCase());
      const otherFailure = calls.find((c) => c.expectError && run.calls[c.id]?.error && swapped(run.calls[c.id]!.error!) !== trial.calls[c.id]?.error?.toLowerCase());
      if (otherFailure) return { refused: 'other-failure', detail: `${otherFailure.id} would fail for another reason than the query states` };
      if (distinctArgs(trial) < distinctArgs(run)) return { refused: 'collapsed-arguments', detail: 'two different things of the parent (a sender and a receiver) would become one' };
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
      // An optional setting that did something in the parent and nothing in the child ("a slug of at most
      // 40 characters" from a 22-character title) is one the query states for nothing.
      const idleSetting = edits.find((e) => idleOption(parent, run, e.site, registry) === false && idleOption(child, trial, e.site, registry) === true);
      if (idleSetting) return { refused: 'no-op', detail: `${idleSetting.site.key} ${JSON.stringify(idleSetting.value)} would change nothing` };
      // One step that changed the state in the parent and changes nothing in the child (adding a
      // stock to a watchlist that already holds it) is a no-op the query still asks for.
      const before = statesAfter(parent, registry);
      const after = statesAfter(child, registry);
      const idle = calls.find((c, i) => !c.expectError && registry.fn(c.tool)?.def.mutates === true && before[i] !== before[i + 1] && after[i] === after[i + 1]);
      if (idle) return { refused: 'no-op', detail: `${idle.id} (${idle.tool}) would change nothing` };
    }
    return { task: child };
  },
};

/**
 * Whether leaving out an optional argument gives the same results (`true`), a different one (`false`),
 * or the argument is required or not a top-level one (undefined).
 */
function idleOption(task: Task, run: GoldRun, site: LiteralSite, registry: Parameters<typeof executeGold>[1]): boolean | undefined {
  const call = task.calls[site.call]!;
  const schema = registry.fn(call.tool)?.def.parameters as { required?: string[]; properties?: Record<string, { default?: unknown }> } | undefined;
  if (site.path.length !== 1 || (schema?.required ?? []).includes(site.key)) return undefined;
  // Stating the default ("priority 1") is a request like any other; leaving it out gives it by definition.
  const fallback = schema?.properties?.[site.key]?.default;
  if (fallback !== undefined && valuesMatch(call.args[site.key], fallback)) return undefined;
  const { [site.key]: _left, ...args } = call.args;
  const without = executeGold({ ...task, calls: task.calls.map((c, i) => (i === site.call ? { ...c, args } : c)) }, registry);
  const outcomes = (r: GoldRun) => canonicalJson(Object.values(r.calls).map((c) => [c.ok, c.result ?? null, c.error ?? null]));
  return outcomes(without) === outcomes(run);
}

/** The canonical toolkit state before the first call and after each call of a gold path (prefix replays; simulators are pure). */
function statesAfter(task: Task, registry: Parameters<typeof executeGold>[1]): string[] {
  const out = [canonicalJson(initialStateFor(registry, task.toolkit, task.initialState))];
  for (let i = 1; i <= task.calls.length; i++) out.push(canonicalJson(executeGold({ ...task, calls: task.calls.slice(0, i) }, registry).finalState));
  return out;
}

/** What a string looks like (an email, a date, a name, a code...): a new value must look the same. */
function shape(s: string): string {
  return [/@/, /\d/, /\s/, /^[A-Z]/, /_/, /\./, /^\d{4}-\d\d-\d\d$/].map((re) => (re.test(s) ? 1 : 0)).join('');
}

function sameKind(candidate: unknown, original: string | number): boolean {
  if (typeof original === 'string') return typeof candidate === 'string' && candidate.trim() !== '' && shape(candidate) === shape(original);
  return typeof candidate === 'number' && Number.isInteger(candidate) === Number.isInteger(original);
}
