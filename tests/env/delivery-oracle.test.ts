import { describe, expect, it } from 'vitest';
import { createAgent } from '../../pipeline/agents/registry.ts';
import type { SyncAgent } from '../../pipeline/agents/agent.ts';
import { runEpisodeSync } from '../../pipeline/env/engine.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { Delivery } from '../../pipeline/schema/trace.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import type { Registry } from '../../pipeline/world/registry.ts';
import { coveringSubset } from '../support/covering-samples.ts';
import { defaultBuild } from '../support/default-dataset.ts';

let sequentialSamples: { samples: Sample[]; push: boolean[] } | undefined;
/**
 * The samples the sequential agent plays (every gold function, each kind of sample three times:
 * it reads each result as it comes, so a mode can only change it through a kind of call or sample)
 * and whether it solves each in push mode, the reference of every mode: computed once.
 */
function sequentialInPush(all: Sample[], registry: Registry, agent: SyncAgent): { samples: Sample[]; push: boolean[] } {
  if (!sequentialSamples) {
    const samples = coveringSubset(all, registry, { perKind: 3 });
    sequentialSamples = { samples, push: samples.map((sample) => scoreSample(sample, runEpisodeSync(sample, agent, registry), registry).taskSuccess) };
  }
  return sequentialSamples;
}

/** The claims docs/protocols.md makes for each delivery mode: the oracle on every sample of the default build. */
describe.each(Delivery.options)('delivery %s on the default build', (delivery) => {
  it('the oracle solves every sample at its optimal makespan, with no wasted poll', async () => {
    const { samples, registry } = await defaultBuild();
    const oracle = createAgent('oracle') as SyncAgent;
    const off: string[] = [];
    for (const sample of samples) {
      const trace = runEpisodeSync(sample, oracle, registry, { delivery });
      const s = scoreSample(sample, trace, registry);
      if (!s.taskSuccess || Math.abs(s.efficiency.efficiency - 1) > 1e-9 || s.efficiency.wastedPolls !== 0) {
        off.push(`${sample.id}: solved ${s.taskSuccess}, efficiency ${s.efficiency.efficiency}, wasted polls ${s.efficiency.wastedPolls}, ${s.failureModes.join(' ')}`);
      }
    }
    expect(off.slice(0, 10)).toEqual([]);
  });

  it('the sequential agent stays correct, on every kind of sample', async () => {
    const build = await defaultBuild();
    const registry = build.registry;
    const agent = createAgent('sequential') as SyncAgent;
    const { samples, push } = sequentialInPush(build.samples, registry, agent);
    if (delivery !== 'push') {
      const here = samples.map((sample) => scoreSample(sample, runEpisodeSync(sample, agent, registry, { delivery }), registry).taskSuccess);
      expect(here).toEqual(push);
    }
    expect(push.filter(Boolean).length).toBeGreaterThan(samples.length * 0.9);
  });
});
