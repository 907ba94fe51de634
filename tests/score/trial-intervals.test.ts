import { describe, expect, it } from 'vitest';
import type { EpisodeRecord } from '../../pipeline/schema/result.ts';
import { proportionInterval } from '../../pipeline/score/interval.ts';
import { groupMetrics, summarize } from '../../pipeline/score/summary.ts';
import { fakeRecord } from '../report/records.ts';

/**
 * 3 samples × 4 trials. a: solved every trial, makespans 6, 8, 10, 12. b: solved in trials 1 and 3,
 * efficiency 1, 0, 0.5, 0. c: never solved, efficiency 0. (fakeRecord's T1 is always solved, T2 as the sample.)
 */
function trials(): EpisodeRecord[] {
  const plan: Record<string, { solved: boolean[]; efficiency: number[]; makespan: number[] }> = {
    a: { solved: [true, true, true, true], efficiency: [1, 1, 1, 1], makespan: [6, 8, 10, 12] },
    b: { solved: [true, false, true, false], efficiency: [1, 0, 0.5, 0], makespan: [4, 4, 4, 4] },
    c: { solved: [false, false, false, false], efficiency: [0, 0, 0, 0], makespan: [2, 2, 2, 2] },
  };
  return Object.entries(plan).flatMap(([id, p]) =>
    [0, 1, 2, 3].map((t) => {
      const r = fakeRecord({ id, solved: p.solved[t]!, efficiency: p.efficiency[t]! });
      r.trial = t + 1;
      r.score.efficiency.makespan = p.makespan[t]!;
      return r;
    }),
  );
}

describe('metrics with --trials: the mean over each sample’s trials first, then over samples', () => {
  it('gives the hand-computed means with n = 3 samples, not 12 episodes', () => {
    const m = groupMetrics(trials());
    expect(m.episodes).toBe(12);
    expect(m.samples).toBe(3);
    // Per sample: success 1, 0.5, 0; efficiency 1, 0.375, 0; makespan 9, 4, 2.
    // A Wilson interval on the mean share (1 + 0.5 + 0) / 3 with n = 3 samples.
    expect(m.taskSuccess).toEqual(proportionInterval(1.5, 3));
    expect(m.taskSuccess).toMatchObject({ mean: 0.5, n: 3 });
    expect(m.efficiency.mean).toBeCloseTo(1.375 / 3, 6);
    expect(m.efficiency.n).toBe(3);
    expect(m.makespan.mean).toBe(5);
    // Student t with 2 degrees of freedom: sd of (9, 4, 2) is sqrt(13); 5 + 4.303 * sqrt(13 / 3).
    expect(m.makespan.high).toBeCloseTo(5 + 4.303 * Math.sqrt(13 / 3), 5);
    expect(m.makespan.low).toBe(0);
    // Subtask success per sample: 1, 0.75, 0.5.
    expect(m.subtaskSuccess).toMatchObject({ mean: 0.75, n: 3 });
    // Solved trials only: a 1, b (1 + 0.5) / 2; c was never solved and is left out.
    expect(m.efficiencySolved).toMatchObject({ mean: 0.875, n: 2 });
    expect(m.failureModes['answer-mismatch']).toMatchObject({ mean: 0.5, n: 3 });
    const k4 = m.trials?.at(-1);
    expect(k4?.k).toBe(4);
    expect(k4?.passHat.mean).toBeCloseTo(1 / 3, 5);
    expect(k4?.passAt.mean).toBeCloseTo(2 / 3, 5);
  });

  it('is wider than an interval that counted the 12 episodes as samples, and keeps a width at 100%', () => {
    const m = groupMetrics(trials());
    const naive = proportionInterval(6, 12);
    expect(m.taskSuccess.high - m.taskSuccess.low).toBeGreaterThan(naive.high - naive.low);
    // Sample a alone: solved in all 4 trials. Its interval is Wilson's for 1 of 1 sample, not [1, 1].
    const a = groupMetrics(trials().filter((r) => r.sampleId === 'a'));
    expect(a.taskSuccess).toEqual(proportionInterval(1, 1));
    expect(a.taskSuccess.low).toBeLessThan(1);
  });

  it('averages a toolkit’s tasks over their trials too (n = distinct tasks), in summarize', () => {
    const s = summarize(trials(), {});
    expect(s.overall.taskSuccess.n).toBe(3);
    // Per task: a T1 1, a T2 1, b T1 1, b T2 0.5, c T1 1, c T2 0.
    expect(s.byToolkit['math']!.toolkitTaskSuccess).toEqual(proportionInterval(4.5, 6));
    expect(s.byRegime['fast']!.makespan).toMatchObject({ mean: 5, n: 3 });
  });

  it('leaves one-trial runs as they were: Wilson intervals over samples', () => {
    const one = trials().filter((r) => r.trial === 1);
    const m = groupMetrics(one);
    expect(m.taskSuccess).toEqual(proportionInterval(2, 3));
    expect(m.trials).toBeUndefined();
    expect(m.samples).toBe(3);
  });
});
