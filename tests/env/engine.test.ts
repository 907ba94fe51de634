import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { createOracle } from '../../pipeline/agents/oracle.ts';
import { createSequential } from '../../pipeline/agents/sequential.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';
import { Trace } from '../../pipeline/schema/trace.ts';
import { counterSample, fixtureRegistry, scripted } from './helpers.ts';

const registry = await fixtureRegistry();

describe('the episode engine (async mode)', () => {
  it('accepts a valid call at once with a pending handle and delivers its result after its latency, before the next turn', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: {} },
      ],
    ]);
    const trace = await runEpisode(counterSample(), agent, registry);
    expect(agent.seen[1]!.toolResults.map((r) => r.outcome)).toEqual([
      { status: 'pending', handle: 'h1' },
      { status: 'waited', now: 5 },
    ]);
    // turn 1 costs 1 s, the call is gold T1.c1 with latency 4 s.
    expect(agent.seen[1]!.now).toBe(5);
    expect(agent.seen[1]!.deliveries.map((d) => [d.handle, d.status, d.gold])).toEqual([['h1', 'ok', 'T1.c1']]);
    expect(trace.calls[0]).toMatchObject({ issuedAt: 1, completesAt: 5, completedAt: 5, deliveredAt: 5, deliveredTurn: 2 });
  });

  it('delivers results in completion order, ties broken by issue order', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_set', args: { value: 3 } },
        { name: 'fx_get', args: {} },
        { name: 'fx_get', args: {} },
        { name: 'fx_check', args: { token: 'tok_x' } },
        { name: 'wait', args: { handle: 'h1' } },
      ],
    ]);
    await runEpisode(counterSample(), agent, registry);
    const obs = agent.seen[1]!;
    expect(obs.deliveries.map((d) => d.handle)).toEqual(['h4', 'h2', 'h3', 'h1']);
    expect(obs.now).toBe(11);
  });

  it('applies a call at its completion time, so a read issued before a slow write completes sees the old value', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'fx_get', args: {} },
        { name: 'wait', args: { handle: 'h1' } },
      ],
      () => [
        { name: 'fx_get', args: {} },
        { name: 'wait', args: {} },
      ],
    ]);
    const trace = await runEpisode(counterSample(), agent, registry);
    expect(trace.calls.map((c) => [c.tool, c.result])).toEqual([
      ['fx_set', { value: 7 }],
      ['fx_get', { value: 0 }],
      ['fx_get', { value: 7 }],
    ]);
    expect(trace.stateChanges).toEqual([
      {
        at: 11,
        handle: 'h1',
        toolkit: 'fx_counter',
        tool: 'fx_set',
        changes: [
          { path: '$.value', before: 0, after: 7 },
          { path: '$.writes', before: 0, after: 1 },
        ],
      },
    ]);
  });

  it('answers malformed calls at once with a clear error, counts them, and goes on', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_set', args: { value: 'seven' } },
        { name: 'fx_teleport', args: {} },
        { name: 'fx_get', arguments: '{"oops": ' },
        { name: 'wait', args: { handle: 'h42' } },
      ],
      () => ({ content: 'thinking...', toolCalls: [] }),
      () => [{ name: 'wait', args: {} }],
    ]);
    const trace = await runEpisode(counterSample(), agent, registry);
    const outcomes = agent.seen[1]!.toolResults.map((r) => r.outcome);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
    expect(outcomes[0]!).toMatchObject({ error: expect.stringMatching(/invalid arguments for fx_set: argument value must be integer/) });
    expect(outcomes[1]!).toMatchObject({ error: expect.stringMatching(/unknown function "fx_teleport"/) });
    expect(outcomes[2]!).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
    expect(outcomes[3]!).toMatchObject({ error: expect.stringMatching(/unknown handle "h42"/) });
    expect(agent.seen[2]!.status).toMatchObject({ pending: [], unanswered: ['T1', 'T2'] });
    expect(agent.seen[3]!.toolResults[0]!.outcome).toMatchObject({ status: 'rejected', error: expect.stringMatching(/nothing to wait for/) });
    expect(trace.malformed).toEqual({ invalidJson: 1, unknownFunction: 1, unknownHandle: 1, noToolCall: 1, invalidArguments: 1 });
    expect(trace.calls.map((c) => [c.tool, c.status, c.handle])).toEqual([
      ['fx_set', 'rejected', null],
      ['fx_teleport', 'rejected', null],
      ['fx_get', 'rejected', null],
    ]);
    expect(trace.endReason).toBe('finish');
  });

  it('ends when every task has an answer, and records each answer with its time', async () => {
    const agent = scripted([
      () => [
        { name: 'submit_answer', args: { task_id: 'T1', answer: 'x' } },
        { name: 'submit_answer', args: { task_id: 'T9', answer: 'y' } },
      ],
      () => [{ name: 'submit_answer', args: { task_id: 'T2', answer: 7 } }],
    ]);
    const trace = await runEpisode(counterSample(), agent, registry);
    expect(trace.endReason).toBe('answered');
    expect(trace.answers).toEqual([
      { taskId: 'T1', answer: 'x', at: 1, turn: 1 },
      { taskId: 'T2', answer: 7, at: 2, turn: 2 },
    ]);
    expect(agent.seen[1]!.toolResults[1]!.outcome).toMatchObject({ error: expect.stringMatching(/task_id, one of T1, T2/) });
  });

  it('stops at the turn budget and at the virtual-time budget', async () => {
    const idle = scripted(Array.from({ length: 50 }, () => () => [{ name: 'fx_get', args: {} }]));
    expect((await runEpisode(counterSample(), idle, registry, { turnBudget: 3 })).endReason).toBe('turn-budget');
    const waiter = scripted(
      Array.from({ length: 50 }, () => () => [
        { name: 'fx_set', args: { value: 1 } },
        { name: 'wait', args: {} },
      ]),
    );
    const trace = await runEpisode(counterSample(), waiter, registry, { timeBudget: 25 });
    expect(trace).toMatchObject({ endReason: 'time-budget', endTime: 25 });
  });

  it('never sleeps: hours of virtual latency pass at once', async () => {
    const sample = counterSample({ latencies: { 'T1.c1': 40_000, 'T1.c2': 30_000, 'T2.c1': 90_000, 'T2.c2': 20_000 } });
    const trace = await runEpisode(sample, createOracle(), registry);
    expect(trace.endTime).toBe(110_000 + 3);
  });

  it('times an unmatched call from its tool profile, keyed by sample, tool and arguments', async () => {
    const call = () =>
      scripted([
        () => [
          { name: 'fx_token', args: { word: 'pear' } },
          { name: 'fx_token', args: { word: 'plum' } },
        ],
      ]);
    const a = await runEpisode(counterSample(), call(), registry);
    const b = await runEpisode(counterSample(), call(), registry);
    const c = await runEpisode(counterSample({ id: 'eng-2' }), call(), registry);
    expect(a.calls.map((x) => x.latency)).toEqual(b.calls.map((x) => x.latency));
    expect(a.calls.map((x) => x.latency)).not.toEqual(c.calls.map((x) => x.latency));
    for (const x of a.calls) {
      expect(x.latency).toBeGreaterThanOrEqual(1);
      expect(x.latency).toBeLessThanOrEqual(9);
    }
  });

  it('writes a complete, deterministic trace that fits its schema', async () => {
    const a = await runEpisode(counterSample(), createOracle(), registry);
    const b = await runEpisode(counterSample(), createOracle(), registry);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(() => Trace.parse(JSON.parse(JSON.stringify(a)))).not.toThrow();
    expect(a.messages.map((m) => m.role)).toContain('environment');
    expect(a.calls.every((c) => c.issuedAt <= c.completesAt && c.deliveredAt !== null)).toBe(true);
  });
});

describe('reference schedules on the counter sample', () => {
  it('the oracle overlaps the two tasks (makespan 15) and the sequential agent does not (22)', async () => {
    expect(await computeMakespans(counterSample(), registry)).toEqual({ oracleMakespan: 15, sequentialMakespan: 22 });
    const seq = await runEpisode(counterSample(), createSequential(), registry);
    expect(seq.calls.map((c) => [c.gold, c.issuedAt])).toEqual([
      ['T1.c1', 1],
      ['T1.c2', 6],
      ['T2.c1', 8],
      ['T2.c2', 19],
    ]);
  });
});

describe('modes', () => {
  it('sync: every call blocks, the reply carries its result, and the clock advances by its latency', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'fx_get', args: {} },
      ],
    ]);
    const trace = await runEpisode(counterSample(), agent, registry, { mode: 'sync' });
    const outcomes = agent.seen[1]!.toolResults.map((r) => r.outcome);
    expect(outcomes).toEqual([
      { status: 'ok', handle: 'h1', result: { value: 7 } },
      { status: 'ok', handle: 'h2', result: { value: 7 } },
    ]);
    expect(agent.seen[1]!.now).toBe(1 + 10 + 2);
    expect(agent.seen[1]!.deliveries).toEqual([]);
    expect(trace.waits).toEqual([
      { turn: 1, from: 1, to: 11, kind: 'blocked' },
      { turn: 1, from: 11, to: 13, kind: 'blocked' },
    ]);
  });

  it('instant: every call completes when issued and arrives before the next turn', async () => {
    const trace = await runEpisode(counterSample(), createOracle(), registry, { mode: 'instant' });
    expect(trace.calls.map((c) => c.gold)).toEqual(['T1.c1', 'T2.c1', 'T1.c2', 'T2.c2']);
    expect(trace.calls.every((c) => c.latency === 0 && c.completesAt === c.issuedAt)).toBe(true);
    expect(trace.answers.map((a) => a.taskId).sort()).toEqual(['T1', 'T2']);
  });
});
