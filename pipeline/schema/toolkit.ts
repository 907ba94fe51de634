import { z } from 'zod';

/** Virtual seconds a call takes; the schedule stage scales them by latency regime. */
export const LatencyProfile = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('fixed'), seconds: z.number().min(0) }).strict(),
    z.object({ kind: z.literal('uniform'), min: z.number().min(0), max: z.number().min(0) }).strict(),
    z
      .object({
        kind: z.literal('lognormal'),
        median: z.number().positive(),
        p95: z.number().positive(),
      })
      .strict(),
  ])
  .meta({ id: 'LatencyProfile', description: 'Distribution of a function call duration, in virtual seconds.' });
export type LatencyProfile = z.infer<typeof LatencyProfile>;

/** A JSON Schema object, as the OpenAI function-tool format expects for parameters. */
export const JsonSchemaObject = z.record(z.string(), z.unknown()).meta({ description: 'A JSON Schema.' });

export const FunctionDef = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a function name is letters, digits and underscores'),
    description: z.string().min(1),
    parameters: JsonSchemaObject,
    returns: JsonSchemaObject,
    latency: LatencyProfile,
    mutates: z.boolean().default(false).meta({ description: 'True when the function changes its toolkit state.' }),
  })
  .strict()
  .meta({ id: 'FunctionDef' });
export type FunctionDef = z.infer<typeof FunctionDef>;

export const Toolkit = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a toolkit name is snake_case'),
    title: z.string().min(1),
    category: z.string().min(1).meta({ description: 'The tool category of the paper this toolkit stands for.' }),
    description: z.string().min(1),
    version: z.string().default('1'),
    source: z.string().optional().meta({ description: 'Upstream API class whose names and fields this toolkit follows (e.g. BFCL GorillaFileSystem).' }),
    defaultState: z.record(z.string(), z.unknown()).default({}),
    valuePools: z.record(z.string(), z.array(z.unknown())).default({}).meta({ description: 'Realistic values per argument name, used by rule-based evolution.' }),
    functions: z.array(FunctionDef).min(1),
  })
  .strict()
  .meta({ id: 'Toolkit', description: 'A toolkit definition: one tool category with its functions.' });
export type Toolkit = z.infer<typeof Toolkit>;
export type ToolkitInput = z.input<typeof Toolkit>;
