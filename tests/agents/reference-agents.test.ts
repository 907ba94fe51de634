import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { readDataset } from '../../pipeline/env/dataset.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';
import { createAgent } from '../../pipeline/agents/registry.ts';
import { FAULT_KINDS } from '../../pipeline/agents/faulty.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import type { EpisodeScore, FailureMode } from '../../pipeline/schema/result.ts';
import type { Mode } from '../../pipeline/schema/trace.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const registry = await loadRegistry();
const samples = await readDataset(FIXTURE, registry);

async function play(agentId: string, mode: Mode = 'async') {
  const agent = createAgent(agentId);
  return Promise.all(
    samples.map(async (sample) => {
      const trace = await runEpisode(sample, agent, registry, { mode });
      return { sample, trace, score: scoreSample(sample, trace, registry) };
    }),
  );
}

function expectCorrect(score: EpisodeScore) {
  expect(score).toMatchObject({ taskSuccess: true, subtaskSuccess: 1, failureModes: [] });
  expect(score.step).toMatchObject({ f1: 1, precision: 1, recall: 1, toolAccuracy: 1, argAccuracy: 1 });
}

describe('the fixture dataset', () => {
  it('has 8 to 12 samples of 2 and 3 tasks whose recorded makespans are current', async () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
    expect(new Set(samples.map((s) => s.tasks.length))).toEqual(new Set([2, 3]));
    for (const s of samples) expect(await computeMakespans(s, registry)).toEqual({ oracleMakespan: s.meta.oracleMakespan, sequentialMakespan: s.meta.sequentialMakespan });
  });
});

describe('oracle', () => {
  it('scores 1.0 on step F1, sub-task success, task success and efficiency on every sample', async () => {
    for (const { sample, score } of await play('oracle')) {
      expectCorrect(score);
      expect(score.efficiency).toMatchObject({ efficiency: 1, makespan: sample.meta.oracleMakespan, idleRatio: 0, wastedCalls: 0 });
    }
  });

  it.each(['sync', 'instant'] as const)('stays fully correct in %s mode', async (mode) => {
    for (const { score } of await play('oracle', mode)) expectCorrect(score);
  });
});

describe('sequential', () => {
  it('is fully correct, with an efficiency of oracleMakespan / sequentialMakespan on each sample', async () => {
    for (const { sample, score } of await play('sequential')) {
      expectCorrect(score);
      expect(score.efficiency.makespan).toBe(sample.meta.sequentialMakespan);
      expect(score.efficiency.efficiency).toBeCloseTo(sample.meta.oracleMakespan / sample.meta.sequentialMakespan, 12);
      expect(score.efficiency.speedup).toBe(1);
    }
  });
});

/** The mistake's own label, plus only the consequences it can have (a skipped write is a missing write). */
function expectLabels(s: EpisodeScore, label: FailureMode, consequences: FailureMode[]): void {
  expect(s.failureModes).toContain(label);
  for (const m of s.failureModes) expect([label, ...consequences]).toContain(m);
}

/** What each mistake must cost, and nothing else. */
const EXPECTED: Record<(typeof FAULT_KINDS)[number], (s: EpisodeScore) => void> = {
  premature: (s) => {
    expect(s.failureModes).toEqual(['dependency-violation']);
    expect(s.step.f1).toBe(1);
    expect(s.tasks.filter((t) => !t.solved)).toEqual([expect.objectContaining({ allCallsMatched: true, answerMatches: true, dependencyViolations: 1 })]);
  },
  'forgotten-task': (s) => {
    expectLabels(s, 'task-neglect', ['missing-write']);
    expect(s.step.precision).toBe(1);
    expect(s.step.recall).toBeLessThan(1);
    expect(s.tasks.filter((t) => !t.solved)).toEqual([expect.objectContaining({ matchedCalls: 0, answered: false })]);
  },
  'wrong-tool': (s) => {
    expectLabels(s, 'tool-confusion', ['missing-write', 'premature-answer']);
    expect(s.step.toolAccuracy).toBeLessThan(1);
    expect(s.step.argAccuracy).toBe(1);
    expect(s.step.f1).toBeLessThan(1);
  },
  'wrong-argument': (s) => {
    expectLabels(s, 'argument-error', ['missing-write', 'stray-write', 'premature-answer']);
    expect(s.step.toolAccuracy).toBe(1);
    expect(s.step.argAccuracy).toBeLessThan(1);
  },
  'hallucinated-function': (s) => {
    expectLabels(s, 'hallucinated-tool', ['missing-call', 'missing-write', 'premature-answer']);
    expect(s.malformed.unknownFunction).toBe(1);
    expect(s.step.toolAccuracy).toBeLessThan(1);
  },
  'early-finish': (s) => {
    expectLabels(s, 'premature-finish', ['missing-call', 'unfinished-call', 'missing-write']);
    expect(s.endReason).toBe('finish');
    expect(s.efficiency.efficiency).toBe(0);
  },
  'wrong-answer': (s) => {
    expect(s.failureModes).toEqual(['answer-mismatch']);
    expect(s.step.f1).toBe(1);
    expect(s.tasks.filter((t) => !t.solved)).toEqual([expect.objectContaining({ allCallsMatched: true, answerMatches: false })]);
  },
};

describe('faulty agents', () => {
  it.each(FAULT_KINDS)('faulty:%s loses exactly the metric its mistake costs and gets the matching label', async (kind) => {
    const runs = await play(`faulty:${kind}`);
    // A sample may offer no place for a mistake (no data dependency that can be jumped safely).
    const applied = runs.filter((r) => r.trace.agentInfo?.fault === kind);
    expect(applied.length).toBeGreaterThanOrEqual(8);
    for (const { score } of applied) {
      expect(score.taskSuccess).toBe(false);
      EXPECTED[kind](score);
    }
  });
});
