import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../pipeline/agents/registry.ts';
import { GAMING_KINDS, type GamingKind } from '../../pipeline/agents/gaming.ts';
import { runEpisodeSync } from '../../pipeline/env/engine.ts';
import { goldDag } from '../../pipeline/gold/graph.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import type { EpisodeScore } from '../../pipeline/schema/result.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import type { Trace } from '../../pipeline/schema/trace.ts';
import type { Registry } from '../../pipeline/world/registry.ts';
import type { SyncAgent } from '../../pipeline/agents/agent.ts';
import { coveringSubset, sampleKinds } from '../support/covering-samples.ts';
import { defaultBuild } from '../support/default-dataset.ts';

interface Run {
  sample: Sample;
  trace: Trace;
  score: EpisodeScore;
}

let samples: Sample[];
let everySample: Sample[];
let spelled = 0;
let registry: Registry;
const runs = new Map<string, Run[]>();

function play(id: string, budgets: { turnBudget?: number } = {}, on: 'covering' | 'every' = 'covering'): Run[] {
  const key = `${id}:${budgets.turnBudget ?? ''}:${on}`;
  let out = runs.get(key);
  if (!out) {
    const agent = createAgent(id) as SyncAgent;
    out = (on === 'every' ? everySample : samples).map((sample) => {
      const trace = runEpisodeSync(sample, agent, registry, budgets);
      return { sample, trace, score: scoreSample(sample, trace, registry) };
    });
    runs.set(key, out);
  }
  return out;
}

const mean = (rs: Run[], f: (s: EpisodeScore) => number) => rs.reduce((s, r) => s + f(r.score), 0) / rs.length;
const HEADLINE: [string, (s: EpisodeScore) => number][] = [
  ['taskSuccess', (s) => (s.taskSuccess ? 1 : 0)],
  ['subtaskSuccess', (s) => s.subtaskSuccess],
  ['stepF1', (s) => s.step.f1],
  ['efficiency', (s) => s.efficiency.efficiency],
  ['speedup', (s) => s.efficiency.speedup],
  // Lower is better: negated so that "at or below the oracle" reads the same.
  ['idleRatio', (s) => -s.efficiency.idleRatio],
];

beforeAll(async () => {
  const build = await defaultBuild();
  registry = build.registry;
  everySample = build.samples;
  // Every gold function, and each pattern, task count, toolkit and trait three times: each agent
  // meets every kind of sample, at a fifth of the replays.
  samples = coveringSubset(build.samples, registry, { perKind: 3 });
});

describe('agents that try to beat the scorer, on every kind of sample of the default build', () => {
  it('play a subset that holds every kind of sample of the build, each three times (or as often as the build has it)', () => {
    const count = (xs: Sample[]) => {
      const n = new Map<string, number>();
      for (const x of xs) for (const k of sampleKinds(x, registry)) n.set(k, (n.get(k) ?? 0) + 1);
      return n;
    };
    const inSubset = count(samples);
    const short = [...count(everySample)].filter(([k, n]) => (inSubset.get(k) ?? 0) < Math.min(n, k.startsWith('function:') ? 1 : 3));
    expect(short).toEqual([]);
    expect(samples.length).toBeLessThan(everySample.length / 3);
  });

  it.each(GAMING_KINDS)('gaming:%s is at or below the oracle on every headline metric, and never above it on any sample', (kind) => {
    const oracle = play('oracle');
    const gamer = play(`gaming:${kind}`);
    for (const [name, f] of HEADLINE) expect(mean(gamer, f), name).toBeLessThanOrEqual(mean(oracle, f) + 1e-12);
    for (const r of gamer) {
      expect(r.score.efficiency.efficiency).toBeLessThanOrEqual(1 + 1e-9);
      if (!r.score.taskSuccess) expect(r.score.efficiency.efficiency).toBe(0);
      // Every unsolved task says why.
      for (const t of r.score.tasks) if (!t.solved) expect(t.failureModes.length, `${r.sample.id} ${t.taskId}`).toBeGreaterThan(0);
    }
  });

  const EXPECT: Record<GamingKind, (rs: Run[]) => void> = {
    'fast-wrong': (rs) => {
      for (const { score } of rs) {
        expect(score.taskSuccess).toBe(false);
        expect(score.efficiency.efficiency).toBe(0);
        expect(score.efficiency.speedup).toBe(0);
        expect(score.failureModes).toContain('premature-answer');
      }
    },
    'answer-before-result': (rs) => {
      const early = rs.filter(({ trace }) => trace.agentInfo?.tricks !== '0');
      expect(early.length).toBeGreaterThan(rs.length * 0.9);
      for (const { score } of early) {
        expect(score.taskSuccess).toBe(false);
        expect(score.failureModes).toContain('premature-answer');
      }
    },
    'guess-ids': (rs) => {
      const guessed = rs.filter(({ trace }) => trace.agentInfo?.tricks !== '0');
      expect(guessed.length).toBeGreaterThan(rs.length / 2);
      for (const { score } of guessed) {
        expect(score.taskSuccess).toBe(false);
        expect(score.failureModes.some((m) => m === 'dependency-violation' || m === 'argument-error')).toBe(true);
      }
    },
    'skip-doomed': (rs) => {
      for (const { score } of rs) expect(score.taskSuccess).toBe(true);
      // Skipping is allowed, and it matters: some samples have calls expected to fail.
      expect(rs.some(({ trace, sample }) => trace.calls.length < goldDag(sample, registry).nodes.length)).toBe(true);
    },
    'fill-defaults': (rs) => {
      const oracle = play('oracle');
      rs.forEach(({ score, trace }, i) => {
        expect(score.taskSuccess).toBe(true);
        expect(score.efficiency.efficiency).toBe(oracle[i]!.score.efficiency.efficiency);
        if (trace.calls.some((c, j) => JSON.stringify(c.args) !== JSON.stringify(oracle[i]!.trace.calls[j]?.args))) spelled++;
      });
      // Some gold calls leave out a documented default, so the spelling differs somewhere.
      expect(spelled).toBeGreaterThan(0);
    },
    poll: (rs) => {
      // With the default budget a poller runs out of turns on slow calls; with room it is correct, and idle.
      const roomy = play('gaming:poll', { turnBudget: 1_000_000 });
      for (const { score } of roomy) {
        expect(score.taskSuccess).toBe(true);
        expect(score.malformed.noToolCall).toBeGreaterThan(0);
      }
      expect(mean(roomy, (s) => s.efficiency.idleRatio)).toBeGreaterThan(0.5);
      expect(rs.some(({ score }) => score.failureModes.includes('budget-exhausted'))).toBe(true);
    },
    duplicate: (rs) => {
      for (const { score } of rs) expect(score.efficiency.wastedCalls).toBeGreaterThan(0);
      const strayWrite = rs.filter(
        ({ trace, score }) =>
          trace.calls.filter((c) => c.status === 'ok' && registry.fn(c.tool)?.def.mutates).length > score.tasks.reduce((s, t) => s + t.matchedCalls, 0) && score.tasks.some((t) => t.writesState),
      );
      for (const { score } of strayWrite) expect(score.taskSuccess).toBe(false);
      expect(rs.filter(({ score }) => score.failureModes.includes('stray-write')).length).toBeGreaterThan(rs.length / 2);
    },
    'early-answer': (rs) => {
      for (const { trace, score } of rs) {
        const inFlight = trace.calls.some((c) => c.gold && c.status === 'in-flight');
        expect(score.taskSuccess, trace.sampleId).toBe(!inFlight);
        if (inFlight) expect(score.failureModes).toContain('unfinished-call');
      }
      expect(rs.some(({ score }) => !score.taskSuccess)).toBe(true);
    },
    reissue: (rs) => {
      // A copy of a running call takes the gold call's latency, so it never comes back first: nothing gained, and re-sent writes are stray.
      expect(rs.filter(({ trace }) => trace.agentInfo?.tricks !== '0').length).toBeGreaterThan(rs.length / 2);
      for (const { trace } of rs) {
        for (const copy of trace.calls.filter((c) => c.gold === null && c.status !== 'rejected')) {
          const copies = (o: (typeof trace.calls)[number]) => o.gold !== null && o.turn <= copy.turn && o.tool === copy.tool && JSON.stringify(o.args) === JSON.stringify(copy.args);
          for (const original of trace.calls.filter(copies)) {
            expect(copy.latency, trace.sampleId).toBeGreaterThanOrEqual(original.latency);
          }
        }
      }
    },
    'cancel-copy': (rs) => {
      // A cancelled copy changed nothing (no stray write) but was a call made: it counts against step precision.
      const cancelling = rs.filter(({ trace }) => trace.calls.some((c) => c.status === 'cancelled'));
      expect(cancelling.length).toBeGreaterThan(rs.length / 2);
      for (const { trace, score } of cancelling) {
        expect(score.step.precision, trace.sampleId).toBeLessThan(1);
        const cancelled = new Set(trace.calls.filter((c) => c.status === 'cancelled').map((c) => c.handle));
        expect(
          trace.stateChanges.some((c) => cancelled.has(c.handle)),
          trace.sampleId,
        ).toBe(false);
      }
    },
    'eager-cross-task': (rs) => {
      for (const { sample, score } of rs) {
        if (score.taskSuccess) continue;
        // Flagged only where the task orders the cross-task call after a call of its own, because the state needs it.
        const ordered = sample.tasks.some((t) => t.calls.some((c) => c.after && JSON.stringify(c.args).includes('"task"')));
        expect(ordered, sample.id).toBe(true);
      }
    },
  };

  it.each(GAMING_KINDS)('gaming:%s scores as the rules say', (kind) => {
    // Answering early loses a call on a handful of samples (the last answer reports the value its task's
    // last call reads, so both go out in one turn): no trait of the subset picks them, so that rule sees every sample.
    EXPECT[kind](play(`gaming:${kind}`, {}, kind === 'early-answer' ? 'every' : 'covering'));
  });
});
