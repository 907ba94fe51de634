import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passCurves } from '../../pipeline/score/trials.ts';
import { trialSample } from '../../pipeline/env/trials.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { runEvaluation } from '../../pipeline/evaluate/run.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { goldDag } from '../../pipeline/gold/graph.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';
import { counterSample, fixtureRegistry, scripted } from '../env/helpers.ts';
import { defaultBuild } from '../support/default-dataset.ts';

const registry = await fixtureRegistry();
const dirs: string[] = [];
const quiet = () => ({ tick() {}, done() {} });
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('pass^k and pass@k', () => {
  it('are the unbiased estimators, checked by hand on 5 trials with 3 solved and 5 with 5', () => {
    const rows = [true, false, true, true, false].map((solved) => ({ sampleId: 'a', solved })).concat([1, 2, 3, 4, 5].map(() => ({ sampleId: 'b', solved: true })));
    const curve = passCurves(rows);
    // Sample a: C(3,k)/C(5,k) = 3/5, 3/10, 1/10, 0, 0; at least one of k: 1 - C(2,k)/C(5,k) = 3/5, 9/10, 1, 1, 1. Sample b: always 1.
    expect(curve.map((p) => p.passHat.mean)).toEqual([0.8, 0.65, 0.55, 0.5, 0.5]);
    expect(curve.map((p) => p.passAt.mean)).toEqual([0.8, 0.95, 1, 1, 1]);
    expect(curve[0]!.passHat.n).toBe(2);
  });
});

describe('trials over latency draws', () => {
  const sample = (() => {
    const one = counterSample({ tasks: [counterSample().tasks[0]!] });
    return { ...one, meta: { ...one.meta, ...computeMakespans(one, registry) } };
  })();
  const tokenLatency = (trial: number) => goldDag(trialSample(sample, registry, trial, 3), registry).nodes[0]!.latency;

  it('trial 1 is the sample; later trials draw other latencies, the same on every call, with the oracle makespan recomputed', () => {
    expect(trialSample(sample, registry, 1, 3)).toBe(sample);
    const t2 = trialSample(sample, registry, 2, 3);
    expect(t2.latencies['T1.c1']).not.toBe(4);
    expect(structuredClone(trialSample(sample, registry, 2, 3))).toEqual(structuredClone(t2));
    expect(t2.meta.oracleMakespan).toBe(computeMakespans(t2, registry).oracleMakespan);
  });

  it('an agent whose success depends on the draw: pass^k falls with k and pass@k rises, as computed by hand', async () => {
    // Patience between the 3rd and 4th shortest of 5 draws: exactly 3 trials can wait long enough.
    const draws = [1, 2, 3, 4, 5].map(tokenLatency);
    const sorted = [...draws].sort((a, b) => a - b);
    const patience = (sorted[2]! + sorted[3]!) / 2;
    const rows = [];
    for (let trial = 1; trial <= 5; trial++) {
      const s = trialSample(sample, registry, trial, 3);
      let token = '';
      const impatient = scripted([
        () => [
          { name: 'fx_token', args: { word: 'apple' } },
          { name: 'wait', args: {} },
        ],
        // The first result arrives after the wait; an impatient agent gives up if it took longer than its patience.
        (obs) => {
          const c = obs.deliveries[0]!;
          if (c.completedAt! - c.issuedAt > patience) return [{ name: 'finish', args: {} }];
          token = (c.result as { token: string }).token;
          return [
            { name: 'fx_check', args: { token } },
            { name: 'wait', args: {} },
          ];
        },
        () => [{ name: 'submit_answer', args: { task_id: 'T1', answer: token } }],
      ]);
      const trace = await runEpisode(s, impatient, registry, { trial });
      rows.push({ sampleId: s.id, solved: scoreSample(s, trace, registry).taskSuccess });
    }
    expect(rows.filter((r) => r.solved)).toHaveLength(3);
    const curve = passCurves(rows);
    expect(curve.map((p) => p.passHat.mean)).toEqual([0.6, 0.3, 0.1, 0, 0]);
    expect(curve.map((p) => p.passAt.mean)).toEqual([0.6, 0.9, 1, 1, 1]);
  });
});

describe('evaluate --trials', () => {
  it('the oracle on the default dataset, 5 trials: pass^5 = 1, every record has its trial, and a rerun resumes per trial', async () => {
    const { datasetFile } = await defaultBuild();
    const out = mkdtempSync(join(tmpdir(), 'trials-'));
    dirs.push(out);
    const first = await runEvaluation({ dataset: datasetFile, agent: 'oracle', trials: 5, out, limit: 12, progress: quiet });
    expect(first.ran).toBe(60);
    const curve = first.summary.overall.trials!;
    expect(curve.map((p) => p.k)).toEqual([1, 2, 3, 4, 5]);
    expect(curve[4]!.passHat.mean).toBe(1);
    expect(first.summary.overall.efficiency.mean).toBe(1);
    const records = readFileSync(join(out, 'traces.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(new Set(records.map((r) => `${r.sampleId}#${r.trial}`)).size).toBe(60);
    expect(records.filter((r) => r.trial > 1).every((r) => r.trace.options.trial === r.trial)).toBe(true);
    // Different draws, different optimal makespans: each trial scored against its own oracle.
    const makespans = new Set(records.filter((r) => r.sampleId === records[0].sampleId).map((r) => r.score.efficiency.oracleMakespan));
    expect(makespans.size).toBeGreaterThan(1);
    const again = await runEvaluation({ dataset: datasetFile, agent: 'oracle', trials: 5, out, limit: 12, progress: quiet });
    expect(again).toMatchObject({ ran: 0, skipped: 60 });
  }, 240_000);
});
