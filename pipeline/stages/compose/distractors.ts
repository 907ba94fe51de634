import type { Rng } from '../../core/rng.ts';
import type { Registry } from '../../world/registry.ts';
import { compareIds } from '../runner.ts';

/**
 * The tools offered in a sample: the gold functions plus `count` distractors, a share of them from
 * the sample's own toolkits (the plausible confusions), the rest from the other toolkits in use.
 */
export function offeredTools(rng: Rng, registry: Registry, gold: readonly string[], sampleToolkits: readonly string[], otherToolkits: readonly string[], count: number, sameShare: number): string[] {
  const goldSet = new Set(gold);
  const all = sortedFunctions(registry);
  const functionsOf = (toolkits: readonly string[]) => all.filter((f) => toolkits.includes(f.toolkit) && !goldSet.has(f.name)).map((f) => f.name);
  const same = rng.shuffle(functionsOf(sampleToolkits));
  const other = rng.shuffle(functionsOf(otherToolkits.filter((t) => !sampleToolkits.includes(t))));
  const wantSame = Math.min(same.length, Math.round(count * sameShare));
  const picked = [...same.slice(0, wantSame), ...other.slice(0, count - wantSame)];
  // Top up from the same toolkits when too few other functions exist.
  picked.push(...same.slice(wantSame, wantSame + Math.max(0, count - picked.length)));
  return [...new Set([...gold, ...picked])].sort(compareIds);
}

const sorted = new WeakMap<Registry, { size: number; list: { name: string; toolkit: string }[] }>();

/** Every function of the registry with its toolkit, sorted once (again if a toolkit was loaded since): compose asks for thousands of samples. */
function sortedFunctions(registry: Registry): { name: string; toolkit: string }[] {
  let hit = sorted.get(registry);
  if (!hit || hit.size !== registry.toolkits.size) {
    const list = [...registry.toolkits.entries()].flatMap(([toolkit, tk]) => tk.def.functions.map((f) => ({ name: f.name, toolkit }))).sort((a, b) => compareIds(a.name, b.name));
    hit = { size: registry.toolkits.size, list };
    sorted.set(registry, hit);
  }
  return hit.list;
}
