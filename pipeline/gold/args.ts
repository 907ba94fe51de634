import { canonicalJson } from '../core/canonical.ts';
import type { FunctionDef } from '../schema/toolkit.ts';

const defaultsMemo = new WeakMap<FunctionDef, [string, unknown][]>();

/** The documented defaults of a function's top-level parameters. */
function defaultsOf(def: FunctionDef): [string, unknown][] {
  let d = defaultsMemo.get(def);
  if (!d) {
    const props = (def.parameters as { properties?: Record<string, { default?: unknown }> }).properties ?? {};
    d = Object.entries(props)
      .filter(([, schema]) => schema !== null && typeof schema === 'object' && 'default' in schema)
      .map(([name, schema]) => [name, schema.default]);
    defaultsMemo.set(def, d);
  }
  return d;
}

/**
 * The canonical form two calls are compared in: every parameter the call leaves out that has a
 * documented default takes it, so `create_ticket(title)` and `create_ticket(title, description: "")`
 * are the same call when "" is the default.
 */
export function canonicalArgs(def: FunctionDef | undefined, args: unknown): string {
  if (!def || args === null || typeof args !== 'object' || Array.isArray(args)) return canonicalJson(args);
  const defaults = defaultsOf(def);
  if (defaults.length === 0) return canonicalJson(args);
  const filled: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const [name, value] of defaults) if (filled[name] === undefined) filled[name] = value;
  return canonicalJson(filled);
}
