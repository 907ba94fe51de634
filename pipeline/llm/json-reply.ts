import { z } from 'zod';
import { ModelReplyError } from '../core/errors.ts';

/** `response_format` asking for JSON that matches the schema, for endpoints with structured output. */
export function jsonSchemaFormat(schema: z.ZodType, name: string): { type: 'json_schema'; json_schema: { name: string; schema: Record<string, unknown>; strict: false } } {
  const { $schema: _drop, ...jsonSchema } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  // strict: true would reject every optional field (OpenAI's strict mode wants all keys required);
  // the reply is validated by zod anyway.
  return { type: 'json_schema', json_schema: { name: name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64), schema: jsonSchema, strict: false } };
}

/**
 * The value of a JSON reply, validated. Accepts bare JSON, a ```json fence, or prose around one
 * JSON object or array (what endpoints without structured output tend to produce).
 */
export function parseJsonReply<T>(content: unknown, schema: z.ZodType<T>, schemaName: string): T {
  // The client repairs a non-string content into its JSON text; this guard keeps any other caller safe too.
  const raw = typeof content === 'string' ? content : content === null || content === undefined ? '' : (JSON.stringify(content) ?? '');
  const candidate = extractJson(raw);
  if (candidate === undefined) throw new ModelReplyError(`the model's reply for ${schemaName} contains no JSON`, raw);
  let parsed: unknown;
  try {
    parsed = JSON.parse(candidate);
  } catch (err) {
    throw new ModelReplyError(`the model's reply for ${schemaName} is not valid JSON: ${(err as Error).message}`, raw);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
    throw new ModelReplyError(`the model's reply does not match ${schemaName}: ${issues}`, raw);
  }
  return result.data;
}

function extractJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (startsJson(trimmed)) return trimmed;
  const fence = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(trimmed);
  if (fence && fence[1]!.trim()) return fence[1]!.trim();
  const start = trimmed.search(/[[{]/);
  if (start < 0) return undefined;
  return balancedSpan(trimmed, start) ?? trimmed.slice(start);
}

function startsJson(text: string): boolean {
  return text.startsWith('{') || text.startsWith('[');
}

/** The bracket-balanced span from `start`, skipping brackets inside strings. */
function balancedSpan(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}
