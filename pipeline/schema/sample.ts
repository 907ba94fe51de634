import { z } from 'zod';
import { Provenance, Task } from './task.ts';

export const SCHEMA_VERSION = 1;

export const Pattern = z.enum(['single', 'independent', 'similar', 'chain', 'fan-in', 'mixed']).meta({ id: 'Pattern' });
export type Pattern = z.infer<typeof Pattern>;

export const Sample = z
  .object({
    id: z.string().min(1),
    schemaVersion: z.literal(SCHEMA_VERSION),
    tasks: z.array(Task).min(1),
    tools: z.array(z.string()).min(1).meta({ description: 'Function names offered to the agent: gold tools plus distractors.' }),
    latencies: z.record(z.string(), z.number().min(0)).meta({ description: 'Virtual seconds of every gold call, keyed "<taskId>.<callId>".' }),
    meta: z
      .object({
        pattern: Pattern,
        regime: z.string(),
        turnCost: z.number().min(0).default(1),
        oracleMakespan: z.number().min(0),
        sequentialMakespan: z.number().min(0),
        toolkits: z.array(z.string()),
        seed: z.number().int().optional(),
        provenance: Provenance.optional(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: 'Sample', description: 'One multi-task episode of the AsyncTool dataset.' });
export type Sample = z.infer<typeof Sample>;
export type SampleInput = z.input<typeof Sample>;
