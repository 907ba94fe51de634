import { describe, expect, it } from 'vitest';
import { runEpisodeSync } from '../../pipeline/env/engine.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { coveringSubset } from '../support/covering-samples.ts';
import { defaultBuild } from '../support/default-dataset.ts';
import { randomScheduleAgent } from '../support/random-schedule.ts';
import { goldRunValues } from '../../pipeline/gold/reference.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import type { Registry } from '../../pipeline/world/registry.ts';

const VALID_PER_SAMPLE = 6;
const budgets = { turnBudget: 100_000, timeBudget: Infinity } as const;

describe('the scorer on random schedules of the default build', () => {
  it('solves every valid schedule (inputs used only once delivered) and never rates one above the oracle, on every kind of sample', async () => {
    const build = await defaultBuild();
    const registry = build.registry;
    // Every gold function, and each pattern, task count, toolkit and trait five times, six schedules each.
    const samples = coveringSubset(build.samples, registry, { perKind: 5 });
    const failures: string[] = [];
    let beats = 0;
    for (const sample of samples) {
      for (let seed = 1; seed <= VALID_PER_SAMPLE; seed++) {
        const trace = runEpisodeSync(sample, randomScheduleAgent(seed), registry, budgets);
        const score = scoreSample(sample, trace, registry);
        if (!score.taskSuccess) failures.push(`${sample.id} seed ${seed}: ${score.failureModes.join(', ')}`);
        if (score.efficiency.efficiency > 1 + 1e-9) {
          beats++;
          failures.push(`${sample.id} seed ${seed}: efficiency ${score.efficiency.efficiency} (makespan ${score.efficiency.makespan} < oracle ${sample.meta.oracleMakespan})`);
        }
      }
    }
    expect(beats).toBe(0);
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('flags every schedule that uses one value before it was delivered, in a call or in an answer, on every sample', async () => {
    const { samples, registry } = await defaultBuild();
    let applied = 0;
    const missed: string[] = [];
    for (const sample of samples) {
      for (const kind of ['call', 'answer'] as const) {
        const agent = randomScheduleAgent(7, (dag, rng) => {
          if (kind === 'answer') {
            const tasks = dag.tasks.filter((t) => 'node' in t.answer);
            return tasks.length > 0 ? { kind, target: rng.pick(tasks).id } : undefined;
          }
          // A call identical to another gold call (same tool, same resolved arguments) may stand for that
          // one, so using it "early" can be a valid schedule: such calls are not targets.
          const twinned = twinnedNodes(sample, registry);
          const dependent = dag.nodes.filter((n) => !n.optional && n.gating.length > 0 && n.refPreds.length > 0 && !twinned.has(n.key));
          return dependent.length > 0 ? { kind, target: rng.pick(dependent).idx } : undefined;
        });
        const trace = runEpisodeSync(sample, agent, registry, budgets);
        if (trace.agentInfo?.applied !== 'true') continue;
        applied++;
        const score = scoreSample(sample, trace, registry);
        const flag = kind === 'call' ? 'dependency-violation' : 'premature-answer';
        // A premature call either matches and is a violation, or fails or reads the wrong value: flagged either way.
        const flagged = !score.taskSuccess && [flag, 'dependency-violation', 'argument-error'].some((m) => score.failureModes.includes(m as never));
        if (!flagged) missed.push(`${sample.id} (${kind}, ${trace.agentInfo?.mischief}): ${score.failureModes.join(', ') || 'solved'}`);
        expect(score.efficiency.efficiency).toBe(0);
      }
    }
    expect(applied).toBeGreaterThan(samples.length / 2);
    expect(missed.slice(0, 20)).toEqual([]);
  });
});

/** Keys of gold calls that have an identical twin in the gold run (same tool and resolved arguments). */
function twinnedNodes(sample: Sample, registry: Registry): Set<string> {
  const calls = goldRunValues(sample, registry).trace.calls.filter((c) => c.gold);
  const key = (c: (typeof calls)[number]) => `${c.tool}:${JSON.stringify(c.args)}`;
  const counts = new Map<string, number>();
  for (const c of calls) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  return new Set(calls.filter((c) => counts.get(key(c))! > 1).map((c) => c.gold!));
}
