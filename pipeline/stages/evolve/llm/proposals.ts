import { z } from 'zod';
import { Call } from '../../../schema/task.ts';

/** What each LLM operator must answer; a reply that does not fit is rejected with the schema error. */
export const ParaphraseReply = z.object({ query: z.string().min(1) }).strict();

export const DeepenReply = z
  .object({
    call: z.object({ tool: z.string().min(1), args: z.record(z.string(), z.json()) }).strict(),
    query: z.string().min(1),
    answer: z.string().min(1),
  })
  .strict();

export const BroadenReply = z
  .object({
    query: z.string().min(1),
    calls: z.array(Call).min(1),
    answer: z.json(),
  })
  .strict();
