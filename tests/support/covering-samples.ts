/**
 * A smaller input for the tests that replay agents over the default build: a subset that holds every
 * kind of sample the build has. A kind is a gold function (each at least once, unless
 * `everyFunction: false`), and, each at least `perKind` times, a composition pattern, a task count,
 * a pattern at a task count, a toolkit, and each structural trait the scorer and the agents treat
 * apart: a cross-task reference (at each task count), an `after` call, an expected error, a doomed
 * first attempt, a write, a literal answer, two tasks of one toolkit. Samples are taken in dataset
 * order (or smallest first), each only when it adds a kind still short of its count: the same subset
 * for the same build, and any kind a later build brings is in it.
 */
import { goldDag } from '../../pipeline/gold/graph.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import type { Registry } from '../../pipeline/world/registry.ts';

export function sampleKinds(sample: Sample, registry: Registry): string[] {
  const dag = goldDag(sample, registry);
  const k = sample.tasks.length;
  const toolkits = sample.tasks.map((t) => t.toolkit);
  const kinds = [`pattern:${sample.meta.pattern}`, `tasks:${k}`, `pattern-tasks:${sample.meta.pattern}:${k}`];
  for (const tk of new Set(toolkits)) kinds.push(`toolkit:${tk}`);
  for (const n of dag.nodes) kinds.push(`function:${n.toolkit}.${n.tool}`);
  const crossTask = dag.nodes.some((n) => n.refPreds.some((p) => dag.nodes[p]!.taskId !== n.taskId));
  if (crossTask) kinds.push('cross-task', `cross-task:${k}`);
  if (dag.nodes.some((n) => n.afterPreds.length > 0)) kinds.push('after');
  if (dag.nodes.some((n) => n.optional && !n.attempt)) kinds.push('expected-error');
  if (dag.nodes.some((n) => n.attempt)) kinds.push('attempt');
  if (dag.nodes.some((n) => n.mutates)) kinds.push('write');
  if (dag.tasks.some((t) => 'literal' in t.answer)) kinds.push('literal-answer');
  if (new Set(toolkits).size < k) kinds.push('shared-toolkit');
  return kinds;
}

export interface Covering {
  /** How many samples of each kind at least (default 2). */
  perKind?: number;
  /** Whether every gold function must be in the subset once (default true); off for the costliest replays, where the kinds alone decide. */
  everyFunction?: boolean;
  /**
   * Take the samples with the fewest gold calls first (default: dataset order). For replays whose
   * cost grows much faster than the calls, such as the oracle's optimal plan under late failures
   * and a TTL (two 5-task samples of 22 and 24 calls took 23 of 27 s there).
   */
  smallestFirst?: boolean;
}

export function coveringSubset(samples: readonly Sample[], registry: Registry, { perKind = 2, everyFunction = true, smallestFirst = false }: Covering = {}): Sample[] {
  const seen = new Map<string, number>();
  const out: Sample[] = [];
  const size = (s: Sample) => goldDag(s, registry).nodes.length;
  // A stable sort: among samples of one size, dataset order.
  const order = smallestFirst ? [...samples].sort((a, b) => size(a) - size(b)) : samples;
  for (const sample of order) {
    const kinds = sampleKinds(sample, registry).filter((kind) => everyFunction || !kind.startsWith('function:'));
    const short = (kind: string) => (seen.get(kind) ?? 0) < (kind.startsWith('function:') ? 1 : perKind);
    if (!kinds.some(short)) continue;
    out.push(sample);
    for (const kind of kinds) seen.set(kind, (seen.get(kind) ?? 0) + 1);
  }
  // Back in dataset order, whichever order they were taken in.
  return smallestFirst ? samples.filter((s) => out.includes(s)) : out;
}
