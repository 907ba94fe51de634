import { z } from 'zod';

/**
 * A semantic type: what a value means, not its JSON type (`money.usd`, `count`, `text.line`).
 * Cross-task bridges join a producer field to a consumer parameter only when these agree.
 */
export const SemanticType = z
  .string()
  .regex(/^[a-z]+(\.[a-z]+)*$/, 'a semantic type is dotted lower-case words, e.g. money.usd or text.line')
  .describe('What a value means (money.usd, count, text.line, volume.gallon...).');

export const ResultNoun = z
  .object({
    type: SemanticType,
    noun: z
      .string()
      .min(3)
      .regex(/^[^_]*$/, 'a noun phrase is prose: no snake_case names')
      .describe('How a later task names the value, e.g. "the flight fare".'),
  })
  .strict();

export type ResultNoun = z.infer<typeof ResultNoun>;

/**
 * A value a task reports that another task may act on: its semantic type and the noun phrases a
 * later task may call it by. A bridge names the producer by the phrase that shares the most words
 * with the producer's own query ("the fare" after "Tell me the fare I paid"), so the reference says
 * what the person asked for there; a producer whose query shares no word with any phrase feeds no bridge.
 */
export const ProducedValue = z
  .object({
    type: SemanticType,
    nouns: z
      .array(
        z
          .string()
          .min(3)
          .regex(/^(the|that|this|your|my) [^_]+$/, 'a noun phrase is prose starting with "the" (or that/this/your/my), no snake_case names'),
      )
      .min(1)
      .describe('How a later task names the value, e.g. ["the flight fare", "the fare"].'),
  })
  .strict();
export type ProducedValue = z.infer<typeof ProducedValue>;

/** A call of a bridge task; `"$input"` (or `"$input1"`, `"$input2"`...) stands for the linked values. */
export const BridgeCall = z
  .object({
    id: z.string().regex(/^c\d+$/),
    tool: z.string().min(1),
    args: z.record(z.string(), z.unknown()),
    /** Calls that must come first with no data reference (log in before sending). */
    after: z.array(z.string().regex(/^c\d+$/)).optional(),
  })
  .strict();

/**
 * A bridge: a task of this toolkit that acts on the answer of one or two other tasks (a follow-up a
 * person would chain in one message: convert the fare, count the words of the line, file a ticket
 * with the error). `takes` lists, per input in slot order, the semantic types it accepts; two
 * inputs make a fan-in bridge. `query` is hand-written with slots `{input}` (or `{input1}`,
 * `{input2}`), each filled with the producer's noun phrase and id ("the flight fare from T1"); the
 * literal values of `calls` must be stated in it.
 */
export const Bridge = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    takes: z.array(z.array(SemanticType).min(1)).min(1).max(3),
    /** A pattern every input value must match (as text), e.g. `\bERROR\b` for a ticket about an error line. */
    when: z.string().min(1).optional(),
    calls: z.array(BridgeCall).min(1),
    /** The answer's reference path, e.g. `c2.result`. */
    answer: z.string().regex(/^c\d+(\.[\w[\]]+)*$/),
    /** What the answer is, so a further bridge can take it (chains of three). */
    output: ProducedValue.optional(),
    query: z.string().min(10),
    /**
     * Other wordings of the same request (same slots, same literals), so that a bridge in many
     * samples does not read the same in each: compose uses the least used one.
     */
    alternatives: z.array(z.string().min(10)).default([]),
    /** A numeric answer with more decimals than this is rejected (a float artefact the query never asked for). */
    maxDecimals: z.number().int().min(0).default(2),
  })
  .strict()
  .refine((b) => [b.query, ...b.alternatives].every((q) => !/\{inputs\}|task \{/.test(q)), {
    message: 'fill slots {input}, {input1}, {input2}; "task {input}" reads as a form, not a request',
    path: ['query'],
  });
export type Bridge = z.infer<typeof Bridge>;

/**
 * How one function is said: phrasings with `{param}` slots (at least an imperative and a question),
 * the semantic type of every parameter, and the noun phrase and type of every result field.
 */
export const FunctionLanguage = z
  .object({
    phrasings: z
      .array(
        z
          .string()
          .min(5)
          .regex(/^[^_{}]*(\{[A-Za-z_][\w()]*\}[^_{}]*)*$/, 'a phrasing is prose: no snake_case outside {slots}'),
      )
      .min(2)
      .refine((p) => p.some((s) => s.trim().endsWith('?')) && p.some((s) => !s.trim().endsWith('?')), 'give at least one imperative and one question'),
    params: z.record(z.string(), SemanticType),
    results: z.record(z.string(), ResultNoun),
  })
  .strict();
export type FunctionLanguage = z.infer<typeof FunctionLanguage>;

/** One or more phrases of prose: what a person writes, so no snake_case and no {slots}. */
function prosePhrases(message: string) {
  return z
    .array(
      z
        .string()
        .min(1)
        .regex(/^[^_{}]+$/, message),
    )
    .min(1);
}

/**
 * How a person says the code values of one slot (`degF` -> "°F", "Fahrenheit"; `mi` -> "miles"): the
 * literal check accepts any listed phrase for the value, so no code need reach prose. Keys are the
 * code values as written in the calls (numbers as their decimal text: `2` -> "squared").
 */
export const PhraseForms = z.record(z.string().min(1), prosePhrases('a spoken form is prose: no snake_case, no {slots}')).describe('Code value -> the phrases a person says for it.');

/**
 * A field path (`members[1].since`, `[2].item`) said in words: every index as an ordinal
 * ("the second member"), every key as its words, singular or plural ("the member's", "lines"), or as
 * one of `keys` ("since" -> "joined"). The agent reads the document to rebuild the exact path.
 */
export const PathForm = z
  .object({
    kind: z.literal('path'),
    keys: z.record(z.string().min(1), prosePhrases("a key's words are prose: no snake_case")).default({}),
  })
  .strict();

/** One form kind per slot: listed phrases per code value, or a field path said in words. */
export const SpokenForm = z.union([PathForm, PhraseForms]);
export type SpokenForm = z.infer<typeof SpokenForm>;

/**
 * A toolkit's language layer (`language.yaml` beside `toolkit.yaml`): for each answer a task may
 * hand to another task (`function.path`, e.g. `get_flight_cost.travel_cost_list[0]`), its semantic
 * type and noun phrases; and the bridge tasks of this toolkit that act on other tasks' answers.
 */
export const LanguageLayer = z
  .object({
    results: z.record(z.string().regex(/^[A-Za-z_][\w]*\.[\w.[\]]+$/, 'a result key is function.path, e.g. get_flight_cost.travel_cost_list[0]'), ProducedValue).default({}),
    bridges: z.array(Bridge).default([]),
    /** Every function of the toolkit, by name (the built-in toolkits cover all; tests/toolkits/language.test.ts). */
    functions: z.record(z.string(), FunctionLanguage).default({}),
    /**
     * Values the `values` operator may put into a slot, keyed by semantic type (`airport.code`) or by
     * one parameter (`compute_exchange_rate.target_currency`, which wins over its type). Every value of
     * a list must be interchangeable in any slot it is keyed by, so that the task's stated facts stay
     * true; a slot whose type has no list keeps its value.
     */
    values: z
      .record(
        z.string().regex(/^[A-Za-z_][\w]*\.[A-Za-z_]\w*$|^[a-z]+(\.[a-z]+)*$/, 'a values key is a semantic type (airport.code) or function.param'),
        z.array(z.union([z.string().min(1), z.number()])).min(2),
      )
      .default({}),
    /**
     * How code values are said (`spoken:` in language.yaml), keyed by semantic type (`unit`) or by one
     * parameter (`power.exponent`, which wins over its type). Only the literal check reads them.
     */
    spoken: z.record(z.string().regex(/^[A-Za-z_][\w]*\.[A-Za-z_]\w*$|^[a-z]+(\.[a-z]+)*$/, 'a spoken key is a semantic type (unit) or function.param'), SpokenForm).default({}),
  })
  .strict();
export type LanguageLayer = z.infer<typeof LanguageLayer>;
