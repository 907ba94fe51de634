import type { Sample } from '../schema/sample.ts';
import type { Trace } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';
import { createOracle } from '../agents/oracle.ts';
import { createSequential } from '../agents/sequential.ts';
import { makespanOf } from '../score/efficiency.ts';
import { runEpisodeSync } from './engine.ts';

/**
 * The episodes of the two reference agents in async mode on the sample's own latencies and
 * turnCost (whatever meta already holds is ignored). Budgets are lifted so both always finish.
 */
export function referenceRuns(sample: Sample, registry: Registry): { oracle: Trace; sequential: Trace } {
  const options = { mode: 'async', timeBudget: Infinity, turnBudget: 1_000_000 } as const;
  return { oracle: runEpisodeSync(sample, createOracle(), registry, options), sequential: runEpisodeSync(sample, createSequential(), registry, options) };
}

/** The makespans of the two reference agents (see referenceRuns). */
export async function computeMakespans(sample: Sample, registry: Registry): Promise<{ oracleMakespan: number; sequentialMakespan: number }> {
  const { oracle, sequential } = referenceRuns(sample, registry);
  return { oracleMakespan: makespanOf(oracle, sample.tasks.length), sequentialMakespan: makespanOf(sequential, sample.tasks.length) };
}
