import type { Sample } from '../schema/sample.ts';
import type { Trace } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import { createOracle } from '../agents/oracle.ts';
import { goldDag } from './dag.ts';
import { Episode } from './episode.ts';
import type { GoldValues } from './match.ts';

export interface GoldReference extends GoldValues {
  /** The oracle's submitted answer per task id. */
  answers: Map<string, unknown>;
  trace: Trace;
}

const memo = new WeakMap<Sample, GoldReference>();

/**
 * The gold run: the oracle's async episode on the sample's own latencies. Its results stand in
 * for values the agent's run never produced (a premature call, an unmatched predecessor).
 * Computed lazily (the oracle itself never needs it) and once per sample object.
 */
export function goldReference(sample: Sample, registry: Registry): GoldReference {
  const hit = memo.get(sample);
  if (hit) return hit;
  const dag = goldDag(sample, registry);
  const turnCost = sample.meta.turnCost;
  const episode = new Episode(
    sample,
    registry,
    { mode: 'async', turnCost, turnBudget: 10 + 4 * dag.nodes.length, timeBudget: Infinity, seed: null },
    () => undefined,
  );
  const oracle = createOracle();
  const session = oracle.start({ sample, registry, mode: 'async', turnCost });
  for (let obs = episode.observe(); obs; obs = episode.observe()) episode.act(session.turn(obs));
  const trace = episode.toTrace(oracle.id);
  const results: GoldValues['results'] = new Array(dag.nodes.length);
  for (const call of trace.calls) {
    const node = call.gold ? dag.byKey.get(call.gold) : undefined;
    if (node && (call.status === 'ok' || call.status === 'error')) results[node.idx] = { ok: call.status === 'ok', result: call.result };
  }
  const answers = new Map<string, unknown>();
  for (const a of trace.answers) answers.set(a.taskId, a.answer);
  const ref: GoldReference = { results, answers, trace };
  memo.set(sample, ref);
  return ref;
}
