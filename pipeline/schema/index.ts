import { z } from 'zod';
import { LatencyProfile, Toolkit } from './toolkit.ts';
import { Task } from './task.ts';
import { Sample } from './sample.ts';
import { Trace } from './trace.ts';
import { EpisodeRecord, EpisodeScore } from './result.ts';
import { LanguageLayer } from './language.ts';
import { Summary } from './summary.ts';

/** Every schema published as `schemas/<file>.schema.json`; the zod objects are the single source. */
export const publishedSchemas: Record<string, z.ZodType> = {
  toolkit: Toolkit,
  'latency-profile': LatencyProfile,
  task: Task,
  sample: Sample,
  trace: Trace,
  'episode-score': EpisodeScore,
  'episode-record': EpisodeRecord,
  language: LanguageLayer,
  summary: Summary,
};

/** JSON Schema (draft 2020-12) of a published schema, as written to schemas/; `io: input` so defaults stay optional. */
export function toJsonSchema(name: string, schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $id: `https://asynctool.dev/schemas/${name}.schema.json`, ...json };
}

export function renderSchemaFile(name: string, schema: z.ZodType): string {
  return JSON.stringify(toJsonSchema(name, schema), null, 2) + '\n';
}
