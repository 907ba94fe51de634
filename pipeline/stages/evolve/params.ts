import type { Rng } from '../../core/rng.ts';
import type { Call } from '../../schema/task.ts';
import type { FunctionDef, Toolkit } from '../../schema/toolkit.ts';

export interface ParamSpec {
  name: string;
  schema: Record<string, unknown>;
  required: boolean;
}

/** The top-level parameters of a function, required ones first. */
export function paramsOf(fn: FunctionDef): ParamSpec[] {
  const props = (fn.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((fn.parameters.required ?? []) as string[]);
  return Object.entries(props)
    .map(([name, schema]) => ({ name, schema, required: required.has(name) }))
    .sort((a, b) => Number(b.required) - Number(a.required));
}

/** A cheap pre-check that a value suits a parameter (type and enum); ajv has the final word. */
export function fitsSchema(value: unknown, schema: Record<string, unknown>): boolean {
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) return false;
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type as string] : [];
  if (types.length === 0) return true;
  return types.some((t) => {
    switch (t) {
      case 'string':
        return typeof value === 'string';
      case 'number':
        return typeof value === 'number';
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'boolean':
        return typeof value === 'boolean';
      default:
        return false;
    }
  });
}

/** Pool values for a parameter that suit its schema (the toolkit's pools are keyed by argument name). */
export function poolFor(toolkit: Toolkit, param: ParamSpec): unknown[] {
  return (toolkit.valuePools[param.name] ?? []).filter((v) => fitsSchema(v, param.schema));
}

/**
 * One pool value for each required parameter but `except`, drawn in parameter order; undefined as
 * soon as one has no pool value (the function cannot be called from the pools).
 */
export function drawRequired(toolkit: Toolkit, params: readonly ParamSpec[], rng: Rng, except?: ParamSpec): { param: string; value: Call['args'][string] }[] | undefined {
  const drawn: { param: string; value: Call['args'][string] }[] = [];
  for (const p of params) {
    if (!p.required || p === except) continue;
    const pool = poolFor(toolkit, p);
    if (pool.length === 0) return undefined;
    drawn.push({ param: p.name, value: rng.pick(pool) as Call['args'][string] });
  }
  return drawn;
}

/** Free-form parameters that can take any string or number another step produced. */
export function isSink(param: ParamSpec): boolean {
  const s = param.schema;
  if (s.enum || s.pattern || s.format || s.const !== undefined) return false;
  if (s.type === 'string') return /(^|_)(text|body|content|message|note|comment|description|title|query|input|data|value|string|caption|summary|memo|subject|details?)s?$/i.test(param.name);
  // Only operands and quantities: a count, length or seed fed from elsewhere makes no sense.
  if (s.type === 'number' || s.type === 'integer')
    return /^(a|b|x|y|number|value|part|whole|base|amount|quantity|price|total|temperature|distance|gallons?|liters?|miles|celsius|fahrenheit)$/i.test(param.name);
  return false;
}

/** Numbers larger than this are never carried into another call: a simulator may size work by them. */
const MAX_LINKED_NUMBER = 1_000_000;

export function linkable(value: unknown): boolean {
  return typeof value !== 'number' || Math.abs(value) <= MAX_LINKED_NUMBER;
}
