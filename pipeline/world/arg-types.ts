import type { Toolkit } from '../schema/toolkit.ts';

/**
 * The TypeScript source of `toolkits/<name>/args.ts`: one argument type per function, read from the
 * `parameters` schemas of toolkit.yaml, so `defineSimulator<Args>` types each simulator function's
 * arguments as the environment has already checked them (names, required or optional, JSON types,
 * enums). Pure: `npm run toolkit-args` writes it, tests/toolkits/arg-types.test.ts compares it.
 */
export function argTypesSource(def: Toolkit): string {
  const lines = [
    `// Generated from toolkits/${def.name}/toolkit.yaml by \`npm run toolkit-args\`; do not edit (a test compares it with the YAML).`,
    '// The arguments of each function as its `parameters` schema declares them; the environment checks every call',
    '// against that schema before the simulator sees it.',
    'export type Args = {',
    ...def.functions.map((fn) => `  ${key(fn.name)}: ${schemaType(fn.parameters)};`),
    '};',
    '',
  ];
  return lines.join('\n');
}

type Schema = Record<string, unknown>;

/** The TypeScript type of the values a JSON Schema accepts (the keywords toolkit parameters use; anything else is `unknown`). */
export function schemaType(schema: unknown): string {
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  if (typeof schema !== 'object' || schema === null) return 'unknown';
  const s = schema as Schema;
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.enum)) return union(s.enum.map(literal));
  for (const k of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[k])) return union((s[k] as unknown[]).map((sub) => schemaType({ ...s, [k]: undefined, ...(sub as Schema) })));
  }
  if (Array.isArray(s.type)) return union(s.type.map((t) => schemaType({ ...s, type: t })));
  switch (s.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return s.items === undefined ? 'unknown[]' : `${wrap(schemaType(s.items))}[]`;
    case 'object':
      return objectType(s);
    default:
      return 'unknown';
  }
}

function objectType(s: Schema): string {
  const props = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
  const names = Object.keys(props);
  const extra = s.additionalProperties;
  if (names.length === 0) return extra === false ? 'Record<string, never>' : `Record<string, ${schemaType(extra ?? true)}>`;
  const fields = names.map((n) => `${key(n)}${required.has(n) ? '' : '?'}: ${schemaType(props[n])}`);
  // Declared fields plus others of any type: an index signature of `unknown` stays compatible with every field.
  if (extra !== false) fields.push('[key: string]: unknown');
  return `{ ${fields.join('; ')} }`;
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  return unique.length === 0 ? 'never' : unique.join(' | ');
}

/** Parentheses around a union before `[]`. */
function wrap(type: string): string {
  return type.includes(' | ') ? `(${type})` : type;
}

function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : `'${name}'`;
}
