import { z } from 'zod';

/**
 * A reference to an earlier call's result: `"c1"` (the whole result), `"c1.booking_id"`,
 * `"c2.items[0].id"`. `task` names another task of the same sample (cross-task dependency).
 */
export const Ref = z
  .object({
    $ref: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_$-]+|\[\d+\])*$/, 'a reference is "<callId>" followed by .field or [index] parts'),
    task: z.string().optional(),
  })
  .strict()
  .meta({ id: 'Ref' });
export type Ref = z.infer<typeof Ref>;

/** Any JSON value; objects of the exact shape of `Ref` are references. */
export const ArgValue = z.json().meta({ id: 'ArgValue', description: 'A literal JSON value or a Ref object.' });

export const Call = z
  .object({
    id: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/),
    tool: z.string().min(1),
    args: z.record(z.string(), ArgValue).default({}),
    after: z.array(z.string()).optional().meta({ description: 'Calls that must complete first although no value flows (login before send).' }),
    expectError: z.boolean().optional().meta({ description: 'The gold call fails on purpose; the task recovers from the error.' }),
  })
  .strict()
  .meta({ id: 'Call' });
export type Call = z.infer<typeof Call>;

export const Provenance = z
  .object({
    parents: z.array(z.string()).default([]),
    operators: z.array(z.string()).default([]),
    prompts: z.array(z.object({ id: z.string(), hash: z.string() }).strict()).optional(),
    model: z.string().optional(),
    source: z.string().optional().meta({ description: 'Where an imported task came from (e.g. BFCL entry id).' }),
  })
  .strict()
  .meta({ id: 'Provenance' });
export type Provenance = z.infer<typeof Provenance>;

/** How a submitted answer is compared with the expected one, where the task's text says more than the defaults. */
export const AnswerMatch = z
  .object({
    tolerance: z
      .number()
      .min(0)
      .optional()
      .meta({ description: 'Absolute tolerance for a numeric answer, as the query states it (0.005 for "rounded to 2 decimal places"). Default: integers exactly, decimals within 1e-6 relative.' }),
    ignoreCase: z.boolean().optional().meta({ description: 'String answers match case-insensitively: the task says case does not matter. Default: case matters.' }),
    unordered: z.boolean().optional().meta({ description: 'A list answer matches in any order: the query does not ask for one. Default: order matters.' }),
  })
  .strict()
  .meta({ id: 'AnswerMatch' });
export type AnswerMatch = z.infer<typeof AnswerMatch>;

export const Task = z
  .object({
    id: z.string().min(1),
    toolkit: z.string().min(1),
    initialState: z.record(z.string(), z.unknown()).optional(),
    query: z.string().min(1),
    calls: z.array(Call).min(1),
    answer: ArgValue.meta({ description: 'The expected answer: a literal, or a Ref to a call result.' }),
    answerMatch: AnswerMatch.optional(),
    provenance: Provenance.optional(),
  })
  .strict()
  .meta({ id: 'Task', description: 'A seed task: one request to one toolkit with its gold call path.' });
export type Task = z.infer<typeof Task>;
export type TaskInput = z.input<typeof Task>;

/** A seed file holds one task or a list of tasks. */
export const SeedFile = z.union([Task, z.array(Task)]).meta({ id: 'SeedFile' });
