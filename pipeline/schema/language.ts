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

/**
 * A toolkit's language layer (`language.yaml` beside `toolkit.yaml`): for each result field a task
 * may hand to another task (`function.path`, e.g. `get_flight_cost.travel_cost_list[0]`), its
 * semantic type and noun phrase.
 */
export const LanguageLayer = z
  .object({
    results: z.record(z.string().regex(/^[A-Za-z_][\w]*\.[\w.[\]]+$/, 'a result key is function.path, e.g. get_flight_cost.travel_cost_list[0]'), ResultNoun),
  })
  .strict();
export type LanguageLayer = z.infer<typeof LanguageLayer>;
export type ResultNoun = z.infer<typeof ResultNoun>;
