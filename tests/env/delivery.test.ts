import { describe, expect, it } from 'vitest';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { toolsForSample } from '../../pipeline/env/tools.ts';
import { createAgent } from '../../pipeline/agents/registry.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { counterSample, fixtureRegistry, scripted } from './helpers.ts';

const registry = await fixtureRegistry();
const names = (delivery: 'push' | 'poll' | 'notify' | 'silent') =>
  toolsForSample(counterSample(), registry, delivery)
    .map((t) => (t.type === 'function' ? t.function.name : ''))
    .slice(4);

describe('the tools of each delivery mode', () => {
  it('offers fetch tools only where results are not pushed', () => {
    expect(names('push')).toEqual(['wait', 'submit_answer', 'finish', 'cancel']);
    expect(names('poll')).toEqual(['wait', 'submit_answer', 'finish', 'cancel', 'check', 'check_all']);
    expect(names('silent')).toEqual(['wait', 'submit_answer', 'finish', 'cancel', 'check', 'check_all']);
    expect(names('notify')).toEqual(['wait', 'submit_answer', 'finish', 'cancel', 'get_result']);
  });
});

describe('poll mode', () => {
  it('delivers a result only through a fetch answered after the wait; a fetch of nothing new is a wasted poll', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'check', args: { handle: 'h1' } },
      ],
      () => [
        { name: 'wait', args: { handle: 'h1' } },
        { name: 'check_all', args: {} },
      ],
      (obs) => [
        { name: 'fx_check', args: { token: (obs.deliveries[0]!.result as { token: string }).token } },
        { name: 'wait', args: {} },
        { name: 'check', args: { handle: 'h9' } },
      ],
      () => [{ name: 'check_all', args: {} }],
    ]);
    const sample = counterSample({ tasks: [counterSample().tasks[0]!] });
    const trace = await runEpisode(sample, agent, registry, { delivery: 'poll' });
    const [t1, t2, t3, t4] = agent.seen;
    expect(t2!.toolResults.map((r) => r.outcome)).toEqual([
      { status: 'pending', handle: 'h1' },
      { status: 'running', handle: 'h1' },
    ]);
    expect(t2!.deliveries).toEqual([]);
    expect(t3!.toolResults[1]!.outcome).toEqual({ status: 'checked', calls: [{ handle: 'h1', status: 'done', result: { token: expect.any(String) } }] });
    expect(t3!.deliveries.map((c) => c.handle)).toEqual(['h1']);
    // The wait ran to h2's completion, yet nothing arrives until it is fetched.
    expect(t4!.deliveries).toEqual([]);
    expect(t4!.toolResults[2]!.outcome).toMatchObject({ status: 'rejected', error: expect.stringMatching(/handle of a call you made; got "h9"/) });
    expect(t1!.turn).toBe(1);
    const h1 = trace.calls.find((c) => c.handle === 'h1')!;
    expect(h1).toMatchObject({ completedAt: 5, deliveredTurn: 3, deliveredAt: 5 });
    expect(trace.options.delivery).toBe('poll');
    // Polls: the running check (wasted), check_all (h1), the unknown handle is rejected, the last check_all (h2).
    expect(trace.polls).toEqual({ fetches: 3, wasted: 1 });
    expect(trace.malformed.unknownHandle).toBe(1);
    expect(scoreSample(sample, trace, registry).efficiency.wastedPolls).toBe(1);
  });

  it('rejects the fetch tools of other modes as functions not offered', async () => {
    const agent = scripted([() => [{ name: 'get_result', args: { handle: 'h1' } }]]);
    const trace = await runEpisode(counterSample(), agent, registry, { delivery: 'poll' });
    expect(trace.malformed.unknownFunction).toBe(1);
    const push = await runEpisode(counterSample(), scripted([() => [{ name: 'check_all', args: {} }]]), registry);
    expect(push.malformed.unknownFunction).toBe(1);
    expect(push.polls).toBeUndefined();
  });
});

describe('notify mode', () => {
  it('announces a completion without its value; get_result fetches it', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: {} },
      ],
      () => [{ name: 'get_result', args: { handle: 'h1' } }],
      () => [],
    ]);
    const trace = await runEpisode(counterSample(), agent, registry, { delivery: 'notify' });
    const [, t2, t3] = agent.seen;
    expect(t2!.notices).toEqual(['h1']);
    expect(t2!.deliveries).toEqual([]);
    expect(t3!.toolResults[0]!.outcome).toEqual({ status: 'done', handle: 'h1', result: { token: expect.any(String) } });
    expect(t3!.deliveries.map((c) => c.handle)).toEqual(['h1']);
    expect(t3!.notices).toBeUndefined();
    expect(trace.calls[0]).toMatchObject({ notifiedTurn: 2, deliveredTurn: 3 });
    expect(trace.messages.filter((m) => m.role === 'environment')[0]).toMatchObject({ beforeTurn: 2, delivered: [], notified: ['h1'] });
  });
});

describe('silent mode', () => {
  it('says nothing when a call completes', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: {} },
      ],
      () => [{ name: 'wait', args: {} }],
    ]);
    await runEpisode(counterSample(), agent, registry, { delivery: 'silent' });
    expect(agent.seen[1]).toMatchObject({ deliveries: [] });
    expect(agent.seen[1]!.notices).toBeUndefined();
    expect(agent.seen[2]!.toolResults[0]!.outcome).toEqual({
      status: 'rejected',
      error: 'no call is pending, so there is nothing to wait for; finished results are waiting to be fetched with check or check_all',
    });
  });
});

describe('protocol mistakes', () => {
  it.each(['poll', 'notify', 'silent'] as const)('faulty:never-fetch scores 0 in %s mode, labelled fetched-nothing', async (delivery) => {
    const sample = counterSample();
    const trace = await runEpisode(sample, createAgent('faulty:never-fetch'), registry, { delivery });
    const s = scoreSample(sample, trace, registry);
    expect(s).toMatchObject({ taskSuccess: false, subtaskSuccess: 0 });
    expect(s.efficiency.efficiency).toBe(0);
    for (const t of s.tasks) expect(t.failureModes).toContain('fetched-nothing');
  });

  it('faulty:never-fetch is the oracle-like list scheduler in push mode', async () => {
    const sample = counterSample();
    const s = scoreSample(sample, await runEpisode(sample, createAgent('faulty:never-fetch'), registry), registry);
    expect(s.taskSuccess).toBe(true);
  });

  it.each(['push', 'poll'] as const)('faulty:receipt-as-result gets used-receipt on every task (%s)', async (delivery) => {
    const sample = counterSample();
    const trace = await runEpisode(sample, createAgent('faulty:receipt-as-result'), registry, { delivery });
    const s = scoreSample(sample, trace, registry);
    expect(trace.answers[0]!.answer).toEqual({ status: 'pending', handle: expect.stringMatching(/^h\d+$/) });
    expect(s.taskSuccess).toBe(false);
    for (const t of s.tasks) expect(t.failureModes).toContain('used-receipt');
    expect(s.failureModes).not.toContain('fetched-nothing');
  });

  it('a handle given as a value in a call is a used receipt', async () => {
    const sample = counterSample({ tasks: [counterSample().tasks[0]!] });
    const agent = scripted([
      () => [{ name: 'fx_token', args: { word: 'apple' } }],
      () => [
        { name: 'fx_check', args: { token: 'h1' } },
        { name: 'wait', args: {} },
      ],
      () => [{ name: 'submit_answer', args: { task_id: 'T1', answer: 'x' } }],
    ]);
    const s = scoreSample(sample, await runEpisode(sample, agent, registry), registry);
    expect(s.tasks[0]!.failureModes).toContain('used-receipt');
  });
});
