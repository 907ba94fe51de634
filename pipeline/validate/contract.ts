import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import type { GoldRun } from '../world/execute.ts';
import { collectRefs, isRef, parseRef } from '../world/refs.ts';
import { hasPhrase, literalValues, spokenFormAt } from './literals.ts';
import type { Problem } from './problem.ts';
import { importOrigins } from '../stages/imported.ts';
import { mentions, referencesIn, sharedWords, TASK_META } from './reference.ts';

/**
 * The task contract: what a careful human verifier asks of a task beyond "it runs". Checked by
 * `asynctool validate` on every seed and sample, by the seed and evolve stages on every task, and
 * by compose on every bundle; a break is reported with its rule name (`contract:<rule>`).
 */
export const CONTRACT_RULES = [
  'description-overlap',
  'code-name',
  'one-question',
  'answer-empty',
  'answer-object',
  'answer-long',
  'answer-status',
  'answer-unasked-id',
  'decimals',
  'link-off-path',
  'asks-more',
  'significant-digits',
  'answer-unasked',
  'task-meta',
  'link-noun',
  'two-precisions',
  'code-value',
] as const;
export type ContractRule = (typeof CONTRACT_RULES)[number];

export interface ContractProblem extends Problem {
  rule: ContractRule;
}

/** Longest run of words a query may share with a function description ("a few words"). */
export const MAX_SHARED_WORDS = 5;
/** Items a list answer may hold ("short lists"). */
export const MAX_LIST_ITEMS = 10;
/** Characters a string answer may hold unless the query asks for a text. */
export const MAX_ANSWER_CHARS = 160;

const words = (text: string) => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

/** The longest run of consecutive words two texts share (case and punctuation ignored). */
export function sharedRun(a: string, b: string): { length: number; text: string } {
  const x = words(a);
  const y = words(b);
  let best = { length: 0, text: '' };
  const prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    let diag = 0;
    for (let j = 1; j <= y.length; j++) {
      const up = prev[j]!;
      prev[j] = x[i - 1] === y[j - 1] ? diag + 1 : 0;
      if (prev[j]! > best.length) best = { length: prev[j]!, text: x.slice(i - prev[j]!, i).join(' ') };
      diag = up;
    }
  }
  return best;
}

const nameCache = new WeakMap<Registry, RegExp>();
/** One pattern for every function name with an underscore or an inner capital (plain words like "add" are English). */
function functionNames(registry: Registry): RegExp {
  let re = nameCache.get(registry);
  if (!re) {
    const names = [...registry.functions.keys()].filter((n) => /[_A-Z]/.test(n)).sort((a, b) => b.length - a.length);
    re = names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\b`) : /(?!)/;
    nameCache.set(registry, re);
  }
  return re;
}

const shingleCache = new WeakMap<Registry, Map<string, Map<string, string>>>();
/** Every run of MAX_SHARED_WORDS + 1 words of a toolkit's function descriptions, to the function it is from. */
function descriptionShingles(registry: Registry, toolkit: string): Map<string, string> {
  let byToolkit = shingleCache.get(registry);
  if (!byToolkit) shingleCache.set(registry, (byToolkit = new Map()));
  let shingles = byToolkit.get(toolkit);
  if (!shingles) {
    shingles = new Map();
    for (const fn of registry.toolkit(toolkit)?.def.functions ?? []) {
      const w = words(fn.description);
      for (let i = 0; i + MAX_SHARED_WORDS < w.length; i++) {
        const key = w.slice(i, i + MAX_SHARED_WORDS + 1).join(' ');
        if (!shingles.has(key)) shingles.set(key, fn.name);
      }
    }
    byToolkit.set(toolkit, shingles);
  }
  return shingles;
}

/** The longest run of query words found in one function description, when longer than MAX_SHARED_WORDS. */
function descriptionOverlap(text: string, registry: Registry, toolkit: string): { fn: string; length: number; text: string } | undefined {
  const shingles = descriptionShingles(registry, toolkit);
  if (shingles.size === 0) return undefined;
  const w = words(text);
  for (let i = 0; i + MAX_SHARED_WORDS < w.length; i++) {
    const fn = shingles.get(w.slice(i, i + MAX_SHARED_WORDS + 1).join(' '));
    if (!fn) continue;
    const description = registry.fn(fn)!.def.description;
    const run = sharedRun(w.slice(i).join(' '), description);
    return { fn, length: run.length, text: run.text };
  }
  return undefined;
}

/** The query with every literal argument value and quoted passage removed: names the user types stay legal. */
function prose(task: Task): string {
  let text = task.query.replace(/"[^"]*"|'[^']*'|“[^”]*”/g, ' ');
  const literals = task.calls
    .flatMap((c) => literalValues(c.args).map((l) => String(l.value)))
    .filter((v) => v.length > 1)
    .sort((a, b) => b.length - a.length);
  for (const lit of literals) text = text.split(lit).join(' ');
  return text;
}

const SNAKE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;
const CAMEL = /\b[a-z]+[A-Z][A-Za-z]*\b/;

/** A string answer that reads as a confirmation from the tool, not a fact the user asked for. */
const STATUS = /\b(updated|successfully|has been|have been|was (?:sent|created|deleted|cancelled)|sent to|navigating to|thank you for)\b/i;

/** Wording in which a query asks for a text rather than a fact. */
const ASKS_TEXT = /\b(text|contents?|lines?|says?|read|show|message|messages|log|list|notification|note)\b/i;
/** Wording in which a query asks for an id: an asking verb and "id" in one sentence ("I'm USR001, user id ..." is no request). */
const ASKS_ID = /\b(tell|give|send|show|what|which|let me know|share|report)\b[^.?!]*\b(ids?|identifier|(ticket|order|message|tweet|booking|row) number)\b/i;

function answerField(task: Task): string | undefined {
  if (!isRef(task.answer) || task.answer.task) return undefined;
  const { path } = parseRef(task.answer.$ref);
  const named = path.filter((p): p is string => typeof p === 'string');
  return named[named.length - 1];
}

function idLike(value: unknown, field: string | undefined): boolean {
  if (field && /(^|_)id$|Id$/.test(field)) return true;
  return typeof value === 'string' && (/^[a-z]{2,6}_[0-9a-f]{6,}$/i.test(value) || /^[A-Z]{3}\d{3}$/.test(value));
}

function decimalsOf(n: number): number {
  const s = String(n);
  if (/e-/i.test(s)) return 20;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** The number of decimal places a query states ("to 2 decimal places", "one decimal place"), if any. */
function statedPlaces(query: string): number | undefined {
  const names: Record<string, number> = { zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };
  const m = /\b(\d+|zero|one|two|three|four|five|six)\s+decimal\s+places?\b/i.exec(query);
  if (m) return /^\d+$/.test(m[1]!) ? Number(m[1]) : names[m[1]!.toLowerCase()];
  if (/\b(nearest (whole|integer|dollar|cent)|whole number)\b/i.test(query)) return /cent/i.test(query) ? 2 : 0;
  return undefined;
}

/** A request for a whole record ("show me the order details", "everything about"): one scalar cannot answer it. */
const ASKS_RECORD =
  /\b(?:show|give|tell|send|display|report|list)\b(?:\s+me)?\s+(?:(?:the|its|their|my|that|this|all|full|final|order's|account's)\s+){0,3}(?:[\w'-]+\s+){0,2}details\b|\beverything (?:about|on)\b|\ball (?:the )?information\b/i;
/** A sentence asking for a list, then another request ("List the products ... Tell me the name of the cheapest one."). */
const LIST_THEN_ASK = /(?:^|[.!?]\s+)((?:please\s+)?(?:list|show me)\b[^.?!]*[.!])\s+[\s\S]*?(?:\?|\b(?:tell|give|show) me\b|\blet me know\b)/i;
/** Where a request starts in a sentence: an asking verb or a question word. */
const ASKING = /\b(?:tell me|give me|show me|let me know|report|what|what's|which|who|how (?:many|much|far|long|large)|when|where)\b/i;

/**
 * Two things asked in one request ("both in camelCase and in kebab-case", "how many words and how many
 * sentences", "who wrote it, and how many tweets"), or undefined. Only the part of a sentence from its
 * asking word on is read: "send both Alice and Bob the note" is an instruction, not a request.
 */
export function twoAsked(query: string): string | undefined {
  for (const sentence of query.split(/(?<=[.?!])\s+/)) {
    const at = ASKING.exec(sentence);
    if (!at) continue;
    const request = sentence.slice(at.index);
    const m = /\bboth\b[^.?!]*?\band\b|,?\s+and\s+(?:how (?:many|much)|what|which|who|when|where)\b/i.exec(request);
    if (m) return request.slice(0, m.index + m[0].length).trim();
  }
  return undefined;
}

/** Any wording that asks for something back: a question, a request to tell, show, list, confirm... */
const REQUESTS = /\?|\b(?:tell|show|give|send me|let me (?:know|see)|list|report|confirm|read|display|print|alert|what|which|how|who|when|where|whether|i need|i want|i'd like)\b/i;

/**
 * A query that asks for nothing back while its answer is not simply the outcome of its last step:
 * a value from an earlier step ("sort it and overwrite the note" answered with the sorted list) or
 * the result of a state change ("set my budget to it" answered with the budget). Such an answer is
 * one the user never requested.
 */
function unaskedAnswer(task: Task, registry: Registry): boolean {
  if (REQUESTS.test(task.query) || !isRef(task.answer) || task.answer.task) return false;
  const id = parseRef(task.answer.$ref).call;
  const call = task.calls.find((c) => c.id === id);
  if (!call) return false;
  return task.calls.at(-1)!.id !== id || registry.fn(call.tool)?.def.mutates === true;
}

/** Significant digits of a number as written (trailing zeros of an integer are not counted). */
function significantDigits(n: number): number {
  const digits = String(Math.abs(n)).replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '');
  return Number.isInteger(n) ? digits.replace(/0+$/, '').length || 1 : digits.length;
}

/** The number of significant digits a query states ("to 6 significant digits", "six significant figures"). */
function statedSignificant(query: string): number | undefined {
  const names: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
  const m = /\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+significant\s+(?:digits?|figures?)\b/i.exec(query);
  if (!m) return undefined;
  return /^\d+$/.test(m[1]!) ? Number(m[1]) : names[m[1]!.toLowerCase()];
}

/**
 * A code value written as its code where the toolkit's language layer says how a person puts it
 * (`spoken:`): "100.9 degF" for °F or Fahrenheit, "from mi to km" for miles, "at [2].item" for the
 * third record's item, "a json snapshot" for JSON. A code that lists itself among its forms (km, psi,
 * KB) is what people write.
 */
export function codeValue(task: Task, registry: Registry): { value: string; say: string } | undefined {
  const language = registry.toolkit(task.toolkit)?.language;
  if (!language || Object.keys(language.spoken).length === 0) return undefined;
  for (const call of task.calls) {
    for (const lit of literalValues(call.args)) {
      if (typeof lit.value !== 'string') continue;
      const form = spokenFormAt(language, call.tool, lit.at);
      if (!form) continue;
      if ('kind' in form && form.kind === 'path') {
        if (/[.[]/.test(lit.value) && task.query.includes(lit.value)) return { value: lit.value, say: 'the field in words ("the item of the third record")' };
        continue;
      }
      const phrases = (form as Record<string, string[]>)[lit.value];
      // A form that is the code in another case ("JSON" for json) is what a person writes, so "a json snapshot" is the code.
      const said = (p: string) => hasPhrase(task.query, p, p !== lit.value && p.toLowerCase() === (lit.value as string).toLowerCase());
      if (phrases && hasPhrase(task.query, lit.value) && !phrases.some(said)) {
        return { value: lit.value, say: phrases.map((p) => `"${p}"`).join(' or ') };
      }
    }
  }
  return undefined;
}

/**
 * Two precisions in one task: the query states significant digits and decimal places ("to 8
 * significant digits? Round it to 2 decimal places"), or the gold passes a significant-digit
 * precision to one call and rounds to decimal places in another.
 */
export function twoPrecisions(task: Task): string | undefined {
  const digits = statedSignificant(task.query);
  const places = statedPlaces(task.query);
  if (digits !== undefined && places !== undefined) return `${digits} significant digits and ${places} decimal places`;
  const literal = (key: string) => task.calls.find((c) => typeof c.args[key] === 'number');
  const precision = literal('precision');
  const rounding = literal('decimal_places');
  if (precision && rounding) return `precision ${precision.args.precision} in ${precision.id} and ${rounding.args.decimal_places} decimal places in ${rounding.id}`;
  return undefined;
}

/** Calls on the path to the task's answer: the answer's call and every call it takes values from. */
export function answerPath(task: Task): Set<string> {
  const onPath = new Set<string>();
  if (!isRef(task.answer) || task.answer.task) return onPath;
  const visit = (id: string) => {
    if (onPath.has(id)) return;
    const call = task.calls.find((c) => c.id === id);
    if (!call) return;
    onPath.add(id);
    for (const r of collectRefs(call.args)) if (!r.ref.task) visit(parseRef(r.ref.$ref).call);
  };
  visit(parseRef(task.answer.$ref).call);
  return onPath;
}

/**
 * Every contract break of one task, given its gold run (`run.answer` is the resolved answer).
 * `at` prefixes the JSON paths (`$.tasks[1]` inside a sample); `peerOf` finds the sample's other
 * tasks by id, so a task that takes another's answer is read beside that task's query.
 */
export function checkContract(task: Task, run: Pick<GoldRun, 'answer'>, registry: Registry, at = '$', peerOf: (tid: string) => Task | undefined = () => undefined): ContractProblem[] {
  // Tasks imported from a public benchmark keep that benchmark's wording and answers (BFCL asks for
  // whole result objects and status messages); they are not in the default build, and the card
  // credits them as imported. The contract is this project's standard for its own tasks.
  if (importOrigins(task.provenance).length > 0) return [];
  const out: ContractProblem[] = [];
  const add = (rule: ContractRule, path: string, message: string) => out.push({ rule, path: `${at}${path}`, message: `contract:${rule}: ${message}` });

  const text = prose(task);
  const overlap = descriptionOverlap(text, registry, task.toolkit);
  if (overlap) add('description-overlap', '.query', `the query repeats ${overlap.length} words of the description of ${overlap.fn} ("${overlap.text}"); say it as a user would`);
  // An id the user pastes (`bk_5e0c2f91d7a4`, `card_0937`) is data, not a code name.
  const code = [...text.matchAll(new RegExp(SNAKE, 'g'))].find((m) => !/_[0-9a-f]*\d[0-9a-f]*$/.test(m[0])) ?? CAMEL.exec(text);
  const named = functionNames(registry).exec(text)?.[0];
  if (named || code) {
    add('code-name', '.query', `the query names ${named ? `the function ${named}` : `"${code![0]}"`}, a code name no user would write; describe it in words`);
  }
  const meta = TASK_META.exec(task.query);
  if (meta) add('task-meta', '.query', `the query says "${meta[0]}", as a form names a field; refer to the other errand as a person would ("the fare from T1")`);
  for (const problem of linkWording(task, peerOf)) add('link-noun', '.query', problem);
  const questions = (task.query.match(/\?/g) ?? []).length;
  if (questions > 1) add('one-question', '.query', `the query asks ${questions} questions; a task asks for exactly one answer`);

  const answer = run.answer;
  const field = answerField(task);
  if (answer === undefined) return out;
  if (
    answer === null ||
    answer === '' ||
    (Array.isArray(answer) && answer.length === 0) ||
    (typeof answer === 'object' && answer !== null && !Array.isArray(answer) && Object.keys(answer).length === 0)
  ) {
    add('answer-empty', '.answer', 'the answer is empty; ask for a value the task produces');
    return out;
  }
  if (Array.isArray(answer)) {
    if (answer.some((v) => v !== null && typeof v === 'object')) add('answer-object', '.answer', 'the answer is a list of whole result objects; ask for one field of them');
    else if (answer.length > MAX_LIST_ITEMS) add('answer-long', '.answer', `the answer lists ${answer.length} items (at most ${MAX_LIST_ITEMS}); ask for fewer or for a count`);
  } else if (typeof answer === 'object') {
    add('answer-object', '.answer', 'the answer is a whole result object; ask for the one field the user wants');
  } else if (typeof answer === 'string') {
    const asksText = ASKS_TEXT.test(task.query);
    if ((answer.length > MAX_ANSWER_CHARS || answer.includes('\n')) && !asksText) {
      add('answer-long', '.answer', `the answer is a ${answer.includes('\n') ? 'multi-line' : `${answer.length}-character`} text the query does not ask for`);
    }
    if (STATUS.test(answer) && !asksText) add('answer-status', '.answer', `the answer "${answer.slice(0, 60)}" is a status message; ask for a fact`);
  }
  if ((typeof answer === 'string' || typeof answer === 'number') && idLike(answer, field) && !ASKS_ID.test(task.query)) {
    add('answer-unasked-id', '.answer', `the answer ${JSON.stringify(answer)} is an id the query never asks for; ask for it or answer with a fact`);
  }
  if (unaskedAnswer(task, registry))
    add('answer-unasked', '.query', 'the query asks for nothing back, yet the answer is an earlier or state-changing step\'s value; say what the user wants to know ("Tell me ...")');
  if (typeof answer !== 'object' || answer === null) {
    const record = ASKS_RECORD.exec(task.query);
    const two = twoAsked(task.query);
    const list = LIST_THEN_ASK.exec(task.query);
    if (record) add('asks-more', '.query', `the query asks for "${record[0]}" but the answer is the single value ${JSON.stringify(answer)}; ask for exactly that value`);
    else if (list) add('asks-more', '.query', `the query asks for a list ("${list[1]!.trim()}") and then for one value ${JSON.stringify(answer)}; ask only for the value`);
    else if (two) add('asks-more', '.query', `the query asks for two things ("${two}") but the answer is one value; ask one question`);
  }
  const spoken = codeValue(task, registry);
  if (spoken) add('code-value', '.query', `the query writes the code "${spoken.value}" where a person says ${spoken.say}; write it that way (language.yaml spoken:)`);
  const twice = twoPrecisions(task);
  if (twice) add('two-precisions', '.query', `the task states two precisions (${twice}); a person asks for one: say "to 2 decimal places" or "to 6 significant digits", not both`);
  if (typeof answer === 'number') {
    const places = statedSignificant(task.query);
    // The stated digits are what the user reads: a logarithm worked at 6 digits and returned with 16 is not that.
    if (places !== undefined && significantDigits(answer) > places && statedPlaces(task.query) === undefined) {
      add('significant-digits', '.answer', `the answer ${answer} has ${significantDigits(answer)} significant digits but the query asks for ${places}; round it as the query states`);
    }
  }
  if (typeof answer === 'number') {
    const d = decimalsOf(answer);
    const places = statedPlaces(task.query);
    if (places !== undefined && d > places) add('decimals', '.answer', `the answer ${answer} has ${d} decimals but the query asks for ${places}`);
    else if (places === undefined && d > 2 && !/\b(significant|precision|digits|exact)\b/i.test(task.query)) {
      add('decimals', '.answer', `the answer ${answer} has ${d} decimals and the query states no rounding; state it ("to 2 decimal places")`);
    }
  }

  const path = answerPath(task);
  task.calls.forEach((c, i) => {
    if (collectRefs(c.args).some((r) => r.ref.task) && !path.has(c.id)) {
      add('link-off-path', `.calls[${i}]`, `call ${c.id} takes another task's result but the answer does not depend on it; link it on the answer's path`);
    }
  });
  return out;
}

/**
 * How a task that acts on another task's answer names it: the producer's id once (T1), after a noun
 * phrase sharing a word with what the producer's query asks for ("the fare from T1" after "tell me
 * the fare I paid"). A noun the producer never mentions ("the first matching line") is an internal
 * field name, and an id named twice or never leaves the value ambiguous.
 */
function linkWording(task: Task, peerOf: (tid: string) => Task | undefined): string[] {
  const producers = [...new Set(task.calls.flatMap((c) => collectRefs(c.args).flatMap((r) => (r.ref.task ? [r.ref.task] : []))))].sort();
  const refs = referencesIn(task.query);
  const out: string[] = [];
  for (const tid of producers) {
    const n = mentions(task.query, tid);
    if (n !== 1) {
      out.push(`the query takes the answer of ${tid} but names ${tid} ${n === 0 ? 'nowhere' : `${n} times`}; name it once, after the value ("the fare from ${tid}")`);
      continue;
    }
    const ref = refs.find((r) => r.tid === tid);
    if (!ref) {
      out.push(`the query names ${tid} without saying which of its values it means; write "the <what ${tid} reports> from ${tid}"`);
      continue;
    }
    const producer = peerOf(tid);
    if (producer && sharedWords(ref.noun, producer.query) === 0) {
      out.push(`"${ref.noun}" names nothing ${tid}'s query asks for; call the value what ${tid} asks to report`);
    }
  }
  return out;
}
