import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { runTool, type State } from '../../pipeline/world/simulator.ts';

/**
 * Every function of every built-in toolkit, called with prototype names and hostile values in
 * each string argument, must answer with a result or a tool error: a simulator that throws
 * anything else would take the agent's episode down (issue 16, item 1).
 */
const PROTO_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__'];
const HOSTILE_STRINGS = ['', ' ', 'NaN', '-Infinity', '1e309', '0x1F', '-0', '{"a":1}', '[]', 'null', 'undefined', 'x'.repeat(10_000), '\u0000\u001b[31m', '../../etc/passwd', '%s%n', '😀'];
const HOSTILE_NUMBERS = [0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1e-320, 0.5, -0];
const HOSTILE_OBJECTS: unknown[] = [{}, { __proto__: { x: 1 } }, { constructor: 'x' }, JSON.parse('{"__proto__":{"polluted":true}}'), [[[[[]]]]], [], null];

type Schema = { type?: string | string[]; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; default?: unknown };

function typeOf(s: Schema): string | undefined {
  return Array.isArray(s.type) ? s.type[0] : s.type;
}

/** A plain, schema-valid value: the base every hostile variant is laid over. */
function filler(s: Schema): unknown {
  if (s.enum?.length) return s.enum[0];
  switch (typeOf(s)) {
    case 'string':
      return 'x';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return s.items ? [filler(s.items)] : [];
    case 'object':
      return fillObject(s, false);
    default:
      return 'x';
  }
}

function fillObject(s: Schema, all: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.properties ?? {})) if (all || s.required?.includes(k)) out[k] = filler(v);
  return out;
}

/** Every argument list the fuzz tries for one function: hostile values in each top-level slot and in string array items. */
function variants(params: Schema): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const base of [fillObject(params, false), fillObject(params, true)]) {
    for (const [name, schema] of Object.entries(params.properties ?? {})) {
      const t = typeOf(schema);
      const values: unknown[] = [...HOSTILE_OBJECTS];
      if (t === 'string' || t === undefined) values.push(...PROTO_NAMES, ...HOSTILE_STRINGS);
      if (t === 'number' || t === 'integer') values.push(...HOSTILE_NUMBERS);
      if (t === 'array') values.push(PROTO_NAMES, HOSTILE_STRINGS, HOSTILE_NUMBERS);
      if (t === 'object') values.push(Object.fromEntries(PROTO_NAMES.map((p) => [p, 'x'])), JSON.parse('{"__proto__":"x","constructor":{"prototype":1}}'));
      for (const v of values) out.push({ ...base, [name]: v });
    }
    out.push(base);
    // String slots nested inside objects and object lists (filters, rows, fields): prototype names there too.
    for (const [name, schema] of Object.entries(params.properties ?? {})) {
      const inner = typeOf(schema) === 'array' ? schema.items : schema;
      if (!inner || typeOf(inner) !== 'object' || !inner.properties) continue;
      for (const [key, sub] of Object.entries(inner.properties)) {
        if (typeOf(sub) !== 'string' || sub.enum) continue;
        for (const v of [...PROTO_NAMES, '', 'NaN']) {
          const obj = { ...fillObject(inner, true), [key]: v };
          out.push({ ...base, [name]: typeOf(schema) === 'array' ? [obj] : obj });
        }
      }
    }
  }
  return out;
}

const registry = await loadRegistry();

describe('built-in simulators under prototype names and hostile values', () => {
  for (const [name, tk] of registry.toolkits) {
    it(`${name}: every function answers with a result or a tool error`, () => {
      const crashes: string[] = [];
      const states: State[] = [tk.def.defaultState as State];
      for (const fn of tk.def.functions) {
        for (const args of variants(fn.parameters as Schema)) {
          // The engine rejects arguments that break the schema before the simulator sees them.
          if (registry.argumentErrors(fn.name, args).length > 0) continue;
          for (const state of states) {
            try {
              const out = runTool(tk.sim, state, fn.name, args, { mutates: fn.mutates });
              // A result crosses a JSON boundary: it must serialise.
              JSON.stringify(out.ok ? out.result : out.error);
            } catch (err) {
              crashes.push(`${fn.name}(${JSON.stringify(args).slice(0, 120)}): ${(err as Error).message.slice(0, 200)}`);
            }
          }
        }
      }
      if (process.env.FUZZ_PRINT) console.log(crashes.join('\n'));
      expect(crashes).toEqual([]);
      // No call may have polluted Object.prototype.
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }
});
