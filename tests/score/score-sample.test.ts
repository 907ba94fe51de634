import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { createOracle } from '../../pipeline/agents/oracle.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { Trace } from '../../pipeline/schema/trace.ts';
import { EpisodeScore } from '../../pipeline/schema/result.ts';
import { counterSample, fixtureRegistry, scripted } from '../env/helpers.ts';

const registry = await fixtureRegistry();
const sample = counterSample();

/** The oracle's moves on the counter sample, written out so single steps can be changed. */
const token = (obs: { deliveries: readonly { tool: string; result?: unknown }[] }) => (obs.deliveries.find((d) => d.tool === 'fx_token')?.result as { token: string }).token;

describe('scoreSample', () => {
  it('is a pure function of the saved trace: a trace read back from JSON scores the same', async () => {
    const trace = await runEpisode(sample, createOracle(), registry);
    const again = Trace.parse(JSON.parse(JSON.stringify(trace)));
    const score = scoreSample(sample, trace, registry);
    expect(scoreSample(sample, again, registry)).toEqual(score);
    expect(() => EpisodeScore.parse(score)).not.toThrow();
    expect(score.efficiency).toMatchObject({ makespan: 15, efficiency: 1, speedup: 22 / 15, idleRatio: 0 });
  });

  it('accepts any order that respects the dependencies (here: T2 before T1, one call at a time)', async () => {
    const agent = scripted([
      () => [{ name: 'fx_set', args: { value: 7 } }, { name: 'wait', args: {} }],
      () => [{ name: 'fx_get', args: {} }, { name: 'wait', args: {} }],
      () => [{ name: 'submit_answer', args: { task_id: 'T2', answer: 7 } }, { name: 'fx_token', args: { word: 'apple' } }, { name: 'wait', args: {} }],
      (obs) => [{ name: 'fx_check', args: { token: token(obs) } }, { name: 'wait', args: {} }],
      (obs) => [{ name: 'submit_answer', args: { task_id: 'T1', answer: (obs.deliveries[0]!.result as { token: string }).token } }],
    ]);
    const score = scoreSample(sample, await runEpisode(sample, agent, registry), registry);
    expect(score).toMatchObject({ taskSuccess: true, failureModes: [] });
    expect(score.efficiency.makespan).toBe(22);
    expect(score.efficiency.idleRatio).toBeGreaterThan(0.5);
  });

  it('flags a read issued before the write it must follow has completed (an `after` violation)', async () => {
    const agent = scripted([
      () => [{ name: 'fx_set', args: { value: 7 } }, { name: 'fx_get', args: {} }, { name: 'fx_token', args: { word: 'apple' } }, { name: 'wait', args: { handle: 'h3' } }],
      (obs) => [{ name: 'fx_check', args: { token: token(obs) } }, { name: 'wait', args: { handle: 'h1' } }],
      () => [{ name: 'submit_answer', args: { task_id: 'T1', answer: 'x' } }, { name: 'submit_answer', args: { task_id: 'T2', answer: 0 } }],
    ]);
    const score = scoreSample(sample, await runEpisode(sample, agent, registry), registry);
    expect(score.tasks[1]).toMatchObject({ allCallsMatched: true, dependencyViolations: 1, solved: false });
    expect(score.failureModes).toEqual(expect.arrayContaining(['dependency-violation', 'answer-mismatch']));
  });

  it('fails a state-writing task on a stray write, and counts an exact repeat as a wasted call', async () => {
    const agent = scripted([
      () => [{ name: 'fx_set', args: { value: 7 } }, { name: 'fx_set', args: { value: 7 } }, { name: 'fx_token', args: { word: 'apple' } }, { name: 'wait', args: {} }],
      (obs) => [{ name: 'fx_check', args: { token: token(obs) } }, { name: 'wait', args: { handle: 'h2' } }],
      () => [{ name: 'fx_get', args: {} }, { name: 'wait', args: {} }],
      () => [],
    ]);
    const trace = await runEpisode(sample, agent, registry);
    const score = scoreSample(sample, trace, registry);
    expect(score.tasks[1]).toMatchObject({ allCallsMatched: true, writesState: true, stateMatches: false, solved: false });
    expect(score.efficiency.wastedCalls).toBe(1);
    expect(score.step).toMatchObject({ matched: 4, agentCalls: 5, precision: 0.8, recall: 1 });
  });

  it('labels an episode cut by its budget', async () => {
    const trace = await runEpisode(sample, createOracle(), registry, { turnBudget: 2 });
    expect(scoreSample(sample, trace, registry).failureModes).toEqual(['budget-exhausted']);
  });
});
