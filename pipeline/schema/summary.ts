import { z } from 'zod';
import { METRIC_TABLE, type MetricKey } from '../score/metric-table.ts';
import { FailureMode } from './result.ts';
import { Malformed } from './trace.ts';

/** summary.json: the zod source of its published JSON Schema (schemas/summary.schema.json) and of its types. */

export const Interval = z
  .object({ mean: z.number(), low: z.number(), high: z.number(), n: z.number().int().nonnegative() })
  .strict()
  .meta({ id: 'Interval', description: 'A mean over samples and its 95% interval; n samples (0: an empty group, shown as –).' });

/** One interval per metrics-table line (score/metric-table.ts), described by its docs row. */
const metricShape = Object.fromEntries(METRIC_TABLE.map((m) => [m.key, Interval.describe(m.doc.meaning ?? m.doc.help)])) as Record<MetricKey, typeof Interval>;

export const PassAtK = z.object({ k: z.number().int().positive(), passHat: Interval, passAt: Interval }).strict().meta({ id: 'PassAtK' });

export const Tokens = z
  .object({
    prompt: z.number().int(),
    completion: z.number().int(),
    requests: z.number().int(),
    cachedResponses: z.number().int(),
    cachedPrompt: z.number().int(),
    cachedCompletion: z.number().int(),
  })
  .strict()
  .meta({ id: 'Tokens', description: 'Paid (prompt, completion, requests) and served from the cache (cached*).' });

export const GroupMetrics = z
  .object({
    episodes: z.number().int().meta({ description: 'Episodes in the group (samples × trials).' }),
    samples: z.number().int().meta({ description: 'Distinct samples in the group, the n of every interval.' }),
    ...metricShape,
    failureModes: z.record(FailureMode, Interval).meta({ description: 'Share of samples given each label.' }),
    malformed: Malformed,
    tokens: Tokens,
    toolkitTaskSuccess: Interval.optional().meta({ description: "byToolkit only: share of that toolkit's own tasks solved." }),
    trials: z.array(PassAtK).optional().meta({ description: 'With --trials k > 1 only: pass^j and pass@j for j = 1..k.' }),
  })
  .strict()
  .meta({ id: 'GroupMetrics' });
export type GroupMetrics = z.infer<typeof GroupMetrics>;

export const RunCost = z
  .object({
    model: z.string(),
    inputPerMillion: z.number().nonnegative(),
    outputPerMillion: z.number().nonnegative(),
    source: z.string(),
    paidUsd: z.number().nonnegative(),
    savedByCacheUsd: z.number().nonnegative().meta({ description: 'What the replies served from the cache would have cost.' }),
  })
  .strict()
  .meta({ id: 'RunCost' });
export type RunCost = z.infer<typeof RunCost>;

export const Summary = z
  .object({
    schemaVersion: z.literal(1),
    run: z.record(z.string(), z.unknown()).meta({ description: "run.json's settings plus out, episodes, samples and failed (or rescored)." }),
    overall: GroupMetrics,
    byToolkit: z.record(z.string(), GroupMetrics),
    byTasks: z.record(z.string(), GroupMetrics),
    byPattern: z.record(z.string(), GroupMetrics),
    byRegime: z.record(z.string(), GroupMetrics),
    cost: RunCost.nullable().optional().meta({ description: 'Model runs only: what the paid tokens cost; null when the model has no known price.' }),
  })
  .strict()
  .meta({ id: 'Summary', description: 'summary.json of a run folder (docs/summary-keys.md).' });
export type Summary = z.infer<typeof Summary>;
