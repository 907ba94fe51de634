import type { LoadedToolkit } from '../world/registry.ts';

/**
 * What a toolkit's language layer leaves unsaid: a function without phrasings, a parameter without a
 * semantic type, a result field without a noun, or a slot naming no parameter. One sentence each,
 * naming the function and the fix; empty when the layer covers the toolkit.
 */
export function languageGaps(tk: LoadedToolkit): string[] {
  const gaps: string[] = [];
  for (const fn of tk.def.functions) {
    const said = tk.language.functions[fn.name];
    if (!said) {
      gaps.push(`${fn.name}: no entry in language.yaml functions; add phrasings, params and results`);
      continue;
    }
    const params = Object.keys((fn.parameters.properties ?? {}) as Record<string, unknown>);
    for (const p of params) if (!said.params[p]) gaps.push(`${fn.name}: parameter ${p} has no semantic type`);
    for (const p of Object.keys(said.params)) if (!params.includes(p)) gaps.push(`${fn.name}: params names ${p}, which the function does not take`);
    const results = Object.keys(((fn.returns as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<string, unknown>);
    for (const r of results) if (!said.results[r]) gaps.push(`${fn.name}: result field ${r} has no noun phrase and type`);
    for (const r of Object.keys(said.results)) if (!results.includes(r)) gaps.push(`${fn.name}: results names ${r}, which the function does not return`);
    for (const phrasing of said.phrasings) {
      for (const [, slot] of phrasing.matchAll(/\{([^}]+)\}/g)) if (!params.includes(slot!)) gaps.push(`${fn.name}: the phrasing "${phrasing}" has a slot {${slot}} that is no parameter`);
    }
  }
  // A values list keyed by function.param must name a real parameter, or it silently never applies.
  for (const key of Object.keys(tk.language.values)) {
    const [fn, param] = key.split('.');
    const def = tk.def.functions.find((f) => f.name === fn);
    if (def && !Object.keys((def.parameters.properties ?? {}) as Record<string, unknown>).includes(param!)) gaps.push(`values: ${key} names no parameter of ${fn}`);
  }
  return gaps;
}
