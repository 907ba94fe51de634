import type { Sample } from '../schema/sample.ts';
import type { Trace } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import { createOracle } from '../agents/oracle.ts';
import { createSequential } from '../agents/sequential.ts';
import { runEpisodeSync } from '../env/engine.ts';
import { makespanOf } from '../score/efficiency.ts';
import { goldDag } from './graph.ts';

/**
 * The episodes of the two reference agents in async mode on the sample's own latencies and
 * turnCost (whatever meta already holds is ignored). Budgets are lifted so both always finish.
 * With `ttl` (--ttl) unfetched results expire as in the evaluated episodes, and the oracle plans for it.
 */
export function referenceRuns(sample: Sample, registry: Registry, ttl?: number): { oracle: Trace; sequential: Trace } {
  const options = { mode: 'async', timeBudget: Infinity, turnBudget: 1_000_000, ...(ttl === undefined ? {} : { ttl }) } as const;
  return { oracle: runEpisodeSync(sample, createOracle(), registry, options), sequential: runEpisodeSync(sample, createSequential(), registry, options) };
}

/** The makespans of the two reference agents (see referenceRuns), as the scorer measures them. */
export function computeMakespans(sample: Sample, registry: Registry, ttl?: number): { oracleMakespan: number; sequentialMakespan: number } {
  const { oracle, sequential } = referenceRuns(sample, registry, ttl);
  return { oracleMakespan: makespanOf(oracle, goldDag(sample, registry)), sequentialMakespan: makespanOf(sequential, goldDag(sample, registry)) };
}

/** The gold run: what each gold call returned and what each task's answer was in the oracle's episode. */
export interface GoldRunValues {
  results: ({ ok: boolean; result?: unknown } | undefined)[];
  answers: Map<string, unknown>;
  trace: Trace;
}

const memo = new WeakMap<Sample, GoldRunValues>();

/**
 * The oracle's episode on the sample, read call by call. The scorer never uses it (values come
 * from the agent's own results); the faulty agents use it to make their one mistake.
 */
export function goldRunValues(sample: Sample, registry: Registry): GoldRunValues {
  const hit = memo.get(sample);
  if (hit) return hit;
  const dag = goldDag(sample, registry);
  const trace = referenceRuns(sample, registry).oracle;
  const results: GoldRunValues['results'] = new Array(dag.nodes.length);
  for (const call of trace.calls) {
    const node = call.gold ? dag.byKey.get(call.gold) : undefined;
    if (node && (call.status === 'ok' || call.status === 'error' || call.status === 'timed-out')) results[node.idx] = { ok: call.status === 'ok', result: call.result };
  }
  const answers = new Map<string, unknown>();
  for (const a of trace.answers) answers.set(a.taskId, a.answer);
  const values: GoldRunValues = { results, answers, trace };
  memo.set(sample, values);
  return values;
}
