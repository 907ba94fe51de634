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
const token = (obs: { deliveries: readonly { tool: string; result?: unknown }[] }) => (obs.deliveries.find((d) => d.tool === 'fx_token')!.result as { token: string }).token;

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
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'wait', args: {} },
      ],
      () => [
        { name: 'fx_get', args: {} },
        { name: 'wait', args: {} },
      ],
      () => [
        { name: 'submit_answer', args: { task_id: 'T2', answer: 7 } },
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: {} },
      ],
      (obs) => [
        { name: 'fx_check', args: { token: token(obs) } },
        { name: 'wait', args: {} },
      ],
      (obs) => [{ name: 'submit_answer', args: { task_id: 'T1', answer: (obs.deliveries[0]!.result as { token: string }).token } }],
    ]);
    const score = scoreSample(sample, await runEpisode(sample, agent, registry), registry);
    expect(score).toMatchObject({ taskSuccess: true, failureModes: [] });
    expect(score.efficiency.makespan).toBe(22);
    expect(score.efficiency.idleRatio).toBeGreaterThan(0.5);
  });

  it('flags a read issued before the write it must follow has completed (an `after` violation)', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'fx_get', args: {} },
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: { handle: 'h3' } },
      ],
      (obs) => [
        { name: 'fx_check', args: { token: token(obs) } },
        { name: 'wait', args: { handle: 'h1' } },
      ],
      () => [
        { name: 'submit_answer', args: { task_id: 'T1', answer: 'x' } },
        { name: 'submit_answer', args: { task_id: 'T2', answer: 0 } },
      ],
    ]);
    const score = scoreSample(sample, await runEpisode(sample, agent, registry), registry);
    expect(score.tasks[1]).toMatchObject({ allCallsMatched: true, dependencyViolations: 1, solved: false });
    expect(score.failureModes).toEqual(expect.arrayContaining(['dependency-violation', 'answer-mismatch']));
  });

  it('fails a state-writing task on a stray write, and counts an exact repeat as a wasted call', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'fx_set', args: { value: 7 } },
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: {} },
      ],
      (obs) => [
        { name: 'fx_check', args: { token: token(obs) } },
        { name: 'wait', args: { handle: 'h2' } },
      ],
      () => [
        { name: 'fx_get', args: {} },
        { name: 'wait', args: {} },
      ],
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

describe('holes a blind adversary found', () => {
  const withDistractor = counterSample({ tools: ['fx_token', 'fx_check', 'fx_set', 'fx_get', 'counter_add'] });
  const oracleMoves = (extra: { name: string; args: Record<string, unknown> }[] = []) =>
    scripted([
      () => [{ name: 'fx_token', args: { word: 'apple' } }, { name: 'fx_set', args: { value: 7 } }, ...extra, { name: 'wait', args: {} }],
      (obs) => [
        { name: 'fx_check', args: { token: token(obs) } },
        { name: 'wait', args: {} },
      ],
      () => [
        { name: 'fx_get', args: {} },
        { name: 'wait', args: {} },
      ],
    ]);

  it('a successful write through a toolkit no task uses is a stray write against every task', async () => {
    const registryWithCounter = await fixtureRegistry();
    const trace = await runEpisode(withDistractor, oracleMoves([{ name: 'counter_add', args: { name: 'visits', amount: 1 } }]), registryWithCounter);
    expect(trace.calls.find((c) => c.tool === 'counter_add')?.status).toBe('ok');
    const score = scoreSample(withDistractor, trace, registryWithCounter);
    for (const t of score.tasks) {
      expect(t.strayWrites).toBeGreaterThan(0);
      expect(t.solved).toBe(false);
      expect(t.failureModes).toContain('stray-write');
    }
  });

  it('a call sent again while it runs takes the same latency, so the copy never comes back sooner', async () => {
    const agent = scripted([
      () => [{ name: 'fx_set', args: { value: 7 } }],
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'wait', args: {} },
      ],
    ]);
    // A gold latency unlike anything the tool's own profile gives, as the schedule stage assigns them.
    const slow = counterSample({ latencies: { 'T1.c1': 4, 'T1.c2': 1, 'T2.c1': 37, 'T2.c2': 2 } });
    const trace = await runEpisode(slow, agent, registry);
    const sets = trace.calls.filter((c) => c.tool === 'fx_set');
    expect(sets[0]!.latency).toBe(37);
    expect(sets).toHaveLength(2);
    expect(sets[1]!.latency).toBe(sets[0]!.latency);
    expect(sets[1]!.completesAt).toBeGreaterThan(sets[0]!.completesAt!);
  });

  it('text answers in the last reply are labelled answer-in-text even when the episode ran out of turns', async () => {
    const talk = () => ({ content: 'T1: abc, T2: 7', toolCalls: [{ id: 'x', name: 'fx_get', args: {} }] });
    const agent = scripted(Array.from({ length: 5 }, () => talk));
    const trace = await runEpisode(sample, agent, registry, { turnBudget: 5 });
    expect(trace.endReason).toBe('turn-budget');
    const score = scoreSample(sample, trace, registry);
    expect(score.failureModes).toContain('budget-exhausted');
    expect(score.tasks.flatMap((t) => t.failureModes)).toContain('answer-in-text');
  });

  it('a wait on a handle whose result was already delivered is rejected, not spent', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: {} },
      ],
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'wait', args: { handle: 'h1' } },
      ],
    ]);
    const trace = await runEpisode(sample, agent, registry);
    const waits = trace.messages.filter((m) => m.role === 'tool' && m.name === 'wait');
    expect(JSON.stringify(waits.at(-1))).toMatch(/already delivered/);
  });
});
