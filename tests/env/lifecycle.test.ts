import { describe, expect, it } from 'vitest';
import { createAgent } from '../../pipeline/agents/registry.ts';
import type { SyncAgent } from '../../pipeline/agents/agent.ts';
import { effectiveSample } from '../../pipeline/env/conditions.ts';
import { runEpisode, runEpisodeSync } from '../../pipeline/env/engine.ts';
import { goldDag } from '../../pipeline/gold/graph.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { Delivery } from '../../pipeline/schema/trace.ts';
import { coveringSubset } from '../support/covering-samples.ts';
import { defaultBuild } from '../support/default-dataset.ts';
import { counterSample, fixtureRegistry, scripted } from './helpers.ts';

const registry = await fixtureRegistry();
const all = { lateFailure: 1, seed: 0 };

describe('late failures', () => {
  it('turn a chosen gold call into a doomed first attempt and its retry, with the makespans recomputed', () => {
    const sample = counterSample();
    const s = effectiveSample(sample, registry, all);
    expect(s.tasks[0]!.calls.map((c) => c.id)).toEqual(['c1__first', 'c1', 'c2__first', 'c2']);
    expect(s.tasks[0]!.calls[1]).toMatchObject({ after: ['c1__first'] });
    expect(s.latencies['T1.c1__first']).toBe(4);
    expect(s.meta.oracleMakespan).toBeGreaterThan(sample.meta.oracleMakespan);
    expect(effectiveSample(sample, registry, all)).toBe(s);
    expect(effectiveSample(sample, registry, { lateFailure: 0, seed: 0 })).toBe(sample);
    const dag = goldDag(s, registry);
    expect(dag.nodes.filter((n) => n.attempt).map((n) => n.key)).toEqual(['T1.c1__first', 'T1.c2__first', 'T2.c1__first', 'T2.c2__first']);
    // For scoring an attempt is an expected failure; for scheduling it gates its retry.
    expect(dag.tasks[0]!.required).toEqual([1, 3]);
    expect(dag.nodes[1]!.gating).toEqual([0]);
  });

  it('the first matching call fails at its completion without touching the state; calling it again succeeds', async () => {
    const s = effectiveSample(counterSample({ tasks: [counterSample().tasks[1]!] }), registry, all);
    const agent = setSevenTwice();
    const trace = await runEpisode(s, agent, registry);
    expect(trace.calls.map((c) => [c.status, c.lifecycle, c.gold])).toEqual([
      ['error', 'late-failure', 'T2.c1__first'],
      ['ok', undefined, 'T2.c1'],
    ]);
    expect(trace.calls[0]).toMatchObject({ completedAt: 11, error: expect.stringMatching(/failed while running .* calling it again may succeed/) });
    expect(trace.stateChanges.map((c) => c.handle)).toEqual(['h2']);
  });

  it('faulty:no-retry is unsolved and labelled missed-late-failure', async () => {
    const s = effectiveSample(counterSample(), registry, all);
    const score = scoreSample(s, await runEpisode(s, createAgent('faulty:no-retry'), registry), registry);
    expect(score.taskSuccess).toBe(false);
    for (const t of score.tasks) expect(t.failureModes).toContain('missed-late-failure');
  });
});

/** An agent that sets the counter to 7 and waits, twice: the doomed first attempt, then its retry. */
function setSevenTwice() {
  const setAndWait = () => [
    { name: 'fx_set', args: { value: 7 } },
    { name: 'wait', args: {} },
  ];
  return scripted([setAndWait, setAndWait]);
}

const allTimeOut = { lateFailure: 0, timeout: 1, seed: 0 };

describe('timeouts', () => {
  it('give a chosen gold call a doomed first attempt __timeout; late failures and timeouts draw apart', () => {
    const s = effectiveSample(counterSample(), registry, allTimeOut);
    expect(s.tasks[0]!.calls.map((c) => c.id)).toEqual(['c1__timeout', 'c1', 'c2__timeout', 'c2']);
    expect(s.tasks[0]!.calls[1]).toMatchObject({ after: ['c1__timeout'] });
    // A call chosen to fail late is never also timed out.
    const both = effectiveSample(counterSample(), registry, { lateFailure: 1, timeout: 1, seed: 0 });
    expect(both.tasks[0]!.calls.map((c) => c.id)).toEqual(['c1__first', 'c1', 'c2__first', 'c2']);
  });

  it('the first matching call times out at its deadline, status timed-out, without touching the state; the re-issue succeeds', async () => {
    const s = effectiveSample(counterSample({ tasks: [counterSample().tasks[1]!] }), registry, allTimeOut);
    const agent = setSevenTwice();
    const trace = await runEpisode(s, agent, registry, { delivery: 'poll' });
    expect(trace.calls.map((c) => [c.status, c.lifecycle, c.gold])).toEqual([
      ['timed-out', 'timed-out', 'T2.c1__timeout'],
      ['ok', undefined, 'T2.c1'],
    ]);
    expect(trace.calls[0]).toMatchObject({ completedAt: 11, error: 'fx_set timed out after 10 s; nothing was changed; call it again to re-issue it' });
    expect(trace.stateChanges.map((c) => c.handle)).toEqual(['h2']);
  });

  it('check answers timed-out; the scorer counts the timed-out attempt as an expected failure; no re-issue is missed-late-failure', async () => {
    const s = effectiveSample(counterSample(), registry, allTimeOut);
    const agent = scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: {} },
        { name: 'check', args: { handle: 'h1' } },
      ],
      () => [{ name: 'finish', args: {} }],
    ]);
    const trace = await runEpisode(s, agent, registry, { delivery: 'poll' });
    const check = trace.messages.find((m) => m.role === 'tool' && m.name === 'check');
    expect(check).toMatchObject({ outcome: { status: 'timed-out', handle: 'h1', error: expect.stringMatching(/timed out/) } });
    const o = scoreSample(s, await runEpisode(s, createAgent('oracle'), registry), registry);
    expect([o.taskSuccess, o.step.f1, o.efficiency.efficiency]).toEqual([true, 1, 1]);
    const n = scoreSample(s, await runEpisode(s, createAgent('faulty:no-retry'), registry), registry);
    expect(n.taskSuccess).toBe(false);
    for (const t of n.tasks) expect(t.failureModes).toContain('missed-late-failure');
  });
});

describe('TTL of unfetched results (--ttl)', () => {
  // fx_token (4 s) finishes at 5; the agent then waits for fx_set (10 s) until 16 before reading h1: 11 s after it finished.
  const slowReader = (fetch: boolean) =>
    scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'wait', args: { handle: 'h1' } },
      ],
      () => [{ name: 'fx_set', args: { value: 7 } }, { name: 'wait', args: { handle: 'h2' } }, ...(fetch ? [{ name: 'check', args: { handle: 'h1' } }] : [])],
      () => [{ name: 'finish', args: {} }],
    ]);
  const one = () => counterSample({ tasks: [counterSample().tasks[0]!] });

  it('poll: a result fetched after its TTL answers expired, with the exact message, and its task is labelled expired-result', async () => {
    const s = one();
    const trace = await runEpisode(s, slowReader(true), registry, { delivery: 'poll', ttl: 3 });
    const check = trace.messages.find((m) => m.role === 'tool' && m.name === 'check');
    expect(check).toMatchObject({
      outcome: {
        status: 'expired',
        handle: 'h1',
        error: 'the result of h1 (fx_token) expired at 8 s: it was kept 3 s after the call finished and was not fetched in time; call fx_token again to get a fresh result',
      },
    });
    expect(trace.calls[0]).toMatchObject({ status: 'ok', lifecycle: 'expired', expiredAt: 8, deliveredTurn: null });
    const score = scoreSample(s, trace, registry);
    expect(score.tasks[0]!.failureModes).toContain('expired-result');
  });

  it('poll: fetched within its TTL, the same result is delivered and nothing expires', async () => {
    const trace = await runEpisode(one(), slowReader(true), registry, { delivery: 'poll', ttl: 11 });
    expect(trace.calls[0]).toMatchObject({ status: 'ok', deliveredTurn: 3 });
    expect(trace.calls[0]!.lifecycle).toBeUndefined();
  });

  it('push: a result that waited past its TTL for the next turn is not delivered; the environment says it expired', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_token', args: { word: 'apple' } },
        { name: 'fx_set', args: { value: 7 } },
        { name: 'wait', args: { handle: 'h2' } },
      ],
      () => [{ name: 'finish', args: {} }],
    ]);
    const trace = await runEpisode(one(), agent, registry, { ttl: 3 });
    expect(agent.seen[1]!.expired).toEqual(['h1']);
    expect(agent.seen[1]!.deliveries.map((c) => c.handle)).toEqual(['h2']);
    expect(trace.messages.find((m) => m.role === 'environment')).toMatchObject({ expired: ['h1'], delivered: ['h2'] });
  });

  it('a result never fetched outlives its TTL by the end of the episode: expired too; without --ttl nothing expires', async () => {
    const s = one();
    const expired = await runEpisode(s, slowReader(false), registry, { delivery: 'silent', ttl: 3 });
    expect(expired.calls[0]!.lifecycle).toBe('expired');
    const kept = await runEpisode(s, slowReader(false), registry, { delivery: 'silent' });
    expect(kept.calls.some((c) => c.lifecycle)).toBe(false);
  });

  it('the sequential agent makes an expired call again and solves the task', async () => {
    const s = counterSample();
    // sequential fetches every result at once, so only a TTL of 0 with a slow turn could bite; push gives each result a full turn.
    const trace = await runEpisode(s, createAgent('sequential'), registry, { delivery: 'poll', ttl: 0 });
    expect(scoreSample(s, trace, registry).taskSuccess).toBe(true);
  });
});

describe('late failures, timeouts and TTL on the default build (each kind of sample three times, 20% of calls fail late, 20% time out)', () => {
  it.each(Delivery.options)(
    'the oracle solves every sample at its optimum, F1 1, in %s mode; the sequential agent stays correct',
    async (delivery) => {
      const { samples, registry: reg } = await defaultBuild();
      const oracle = createAgent('oracle') as SyncAgent;
      const sequential = createAgent('sequential') as SyncAgent;
      const off: string[] = [];
      let affected = 0;
      // Each pattern, pattern at a task count, toolkit and trait three times, smallest samples first: the oracle's plan costs most on the largest.
      const subset = coveringSubset(samples, reg, { perKind: 3, everyFunction: false, smallestFirst: true });
      for (const base of subset) {
        const s = effectiveSample(base, reg, { lateFailure: 0.2, timeout: 0.2, seed: 1 });
        if (s !== base) affected++;
        // The TTL is well above the oracle's longest hand-over delay on such samples (a few hundred seconds): a finished result can sit while the plan waits for a slower call.
        const o = scoreSample(s, runEpisodeSync(s, oracle, reg, { delivery, ttl: 600 }), reg);
        if (!o.taskSuccess || Math.abs(o.efficiency.efficiency - 1) > 1e-9 || o.step.f1 !== 1) off.push(`oracle ${s.id}: ${o.efficiency.efficiency} ${o.failureModes.join(' ')}`);
        // The sequential agent reads each result the moment it finishes, so even a TTL of 0.5 s never takes one from it.
        const q = scoreSample(s, runEpisodeSync(s, sequential, reg, { delivery, ttl: 0.5 }), reg);
        if (!q.taskSuccess) off.push(`sequential ${s.id}: ${q.failureModes.join(' ')}`);
        const n = scoreSample(s, runEpisodeSync(s, createAgent('faulty:no-retry') as SyncAgent, reg, { delivery }), reg);
        if (s !== base && (n.taskSuccess || !n.failureModes.includes('missed-late-failure'))) off.push(`no-retry ${s.id}: ${n.failureModes.join(' ')}`);
      }
      // With a 20% chance each of a late failure and a timeout per gold call, most samples get at least one.
      expect(affected).toBeGreaterThan(subset.length / 2);
      expect(off.slice(0, 10)).toEqual([]);
    },
    120_000,
  );
});

describe('cancel(handle)', () => {
  const one = () => counterSample({ tasks: [counterSample().tasks[1]!] });

  it('is offered in every delivery mode', async () => {
    const { toolsForSample } = await import('../../pipeline/env/tools.ts');
    for (const d of Delivery.options) expect(toolsForSample(one(), registry, d).map((t) => (t.type === 'function' ? t.function.name : ''))).toContain('cancel');
  });

  it('stops a running write for good: status cancelled, no completion, no state change, not a write; a wait on it is rejected', async () => {
    const agent = scripted([
      () => [{ name: 'fx_set', args: { value: 7 } }],
      () => [
        { name: 'cancel', args: { handle: 'h1' } },
        { name: 'wait', args: { handle: 'h1' } },
      ],
      () => [{ name: 'wait', args: {} }],
      () => [{ name: 'finish', args: {} }],
    ]);
    const s = one();
    const trace = await runEpisode(s, agent, registry);
    expect(agent.seen[2]!.toolResults.map((r) => r.outcome)).toEqual([
      { status: 'cancelled', handle: 'h1' },
      { status: 'rejected', error: 'h1 was cancelled; it will never complete, so there is nothing to wait for' },
    ]);
    expect(trace.calls[0]).toMatchObject({ status: 'cancelled', lifecycle: 'cancelled', completedAt: null, deliveredTurn: null });
    expect(trace.stateChanges).toEqual([]);
    // Nothing is left to wait for: the cancelled call is no pending completion.
    expect(agent.seen[3]!.toolResults[0]!.outcome.status).toBe('rejected');
    expect(trace.cancels).toEqual({ requests: 1, wasted: 0 });
    const score = scoreSample(s, trace, registry);
    expect(score.tasks[0]!.strayWrites).toBe(0);
    expect(score.tasks[0]!.failureModes).toContain('unfinished-call');
  });

  it('rejects cancelling a finished call, an unknown handle, or a call cancelled already; each is a wasted cancel', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_get', args: {} },
        { name: 'fx_set', args: { value: 7 } },
        { name: 'wait', args: { handle: 'h1' } },
      ],
      () => [
        { name: 'cancel', args: { handle: 'h1' } },
        { name: 'cancel', args: { handle: 'h9' } },
        { name: 'cancel', args: { handle: 'h2' } },
        { name: 'cancel', args: { handle: 'h2' } },
      ],
      () => [{ name: 'finish', args: {} }],
    ]);
    const s = one();
    const trace = await runEpisode(s, agent, registry);
    expect(agent.seen[2]!.toolResults.map((r) => r.outcome)).toEqual([
      { status: 'rejected', error: 'h1 already finished, so it cannot be cancelled; its result stays available' },
      { status: 'rejected', error: 'cancel needs the handle of a call you made; got "h9". Pending handles: h2' },
      { status: 'cancelled', handle: 'h2' },
      { status: 'rejected', error: 'h2 was already cancelled' },
    ]);
    expect(trace.cancels).toEqual({ requests: 4, wasted: 3 });
    expect(scoreSample(s, trace, registry).efficiency.wastedCalls).toBeGreaterThanOrEqual(3);
  });

  it('poll: check on a cancelled call answers cancelled', async () => {
    const agent = scripted([
      () => [
        { name: 'fx_set', args: { value: 7 } },
        { name: 'cancel', args: { handle: 'h1' } },
        { name: 'check', args: { handle: 'h1' } },
      ],
      () => [{ name: 'finish', args: {} }],
    ]);
    await runEpisode(one(), agent, registry, { delivery: 'poll' });
    expect(agent.seen[1]!.toolResults[2]!.outcome).toMatchObject({ status: 'cancelled', handle: 'h1', error: expect.stringMatching(/never completed and changed nothing/) });
  });
});

describe('faulty:impatient', () => {
  it('cancels each call still running a turn after it was made and makes it again: solved, every re-issue matched, time lost', async () => {
    const s = counterSample();
    const trace = await runEpisode(s, createAgent('faulty:impatient'), registry);
    // Made at 1 s, fx_token (4 s) is delivered at the next turn (the agent waits for it, to 5 s); fx_set (10 s) is still running then: cancelled and made again.
    expect(trace.calls.filter((c) => c.status === 'cancelled').map((c) => c.tool)).toEqual(['fx_set']);
    expect(trace.cancels).toEqual({ requests: 1, wasted: 0 });
    expect(trace.stateChanges).toHaveLength(1);
    const score = scoreSample(s, trace, registry);
    const oracle = scoreSample(s, await runEpisode(s, createAgent('oracle'), registry), registry);
    expect(score.taskSuccess).toBe(true);
    expect(score.step.recall).toBe(1);
    expect(score.efficiency.efficiency).toBeLessThan(1);
    expect(score.efficiency.efficiency).toBeLessThan(oracle.efficiency.efficiency);
  });

  it('re-issues only calls whose cancel was answered cancelled: with late failures and timeouts in poll mode it still solves every task', async () => {
    const { samples, registry: reg } = await defaultBuild();
    const off: string[] = [];
    // Each kind of sample once, smallest first (25 samples as of writing; every 24th sample, 32, missed three kinds).
    for (const base of coveringSubset(samples, reg, { perKind: 1, everyFunction: false, smallestFirst: true })) {
      const s = effectiveSample(base, reg, { lateFailure: 0.2, timeout: 0.2, seed: 1 });
      const score = scoreSample(s, runEpisodeSync(s, createAgent('faulty:impatient') as SyncAgent, reg, { delivery: 'poll', ttl: 600 }), reg);
      if (!score.taskSuccess || score.efficiency.efficiency > 1 + 1e-9) off.push(`${s.id}: ${score.efficiency.efficiency} ${score.failureModes.join(' ')}`);
    }
    expect(off.slice(0, 6)).toEqual([]);
  }, 60_000);

  it.each(Delivery.options)(
    'on the default build (every 12th sample, %s) it never beats the oracle, and loses time wherever it cancels',
    async (delivery) => {
      const { samples, registry: reg } = await defaultBuild();
      const off: string[] = [];
      let cancelling = 0;
      for (const s of samples.filter((_, i) => i % 12 === 0)) {
        const trace = runEpisodeSync(s, createAgent('faulty:impatient') as SyncAgent, reg, { delivery });
        const score = scoreSample(s, trace, reg);
        const cancels = trace.calls.filter((c) => c.status === 'cancelled').length;
        if (cancels > 0) cancelling++;
        if (score.efficiency.efficiency > 1 + 1e-9) off.push(`${s.id}: efficiency ${score.efficiency.efficiency}`);
        if (cancels > 0 && score.taskSuccess && score.efficiency.efficiency >= 1 - 1e-9) off.push(`${s.id}: cancelled ${cancels} at no cost`);
        if (trace.stateChanges.some((c) => trace.calls.find((x) => x.handle === c.handle)!.status === 'cancelled')) off.push(`${s.id}: a cancelled call wrote`);
      }
      expect(cancelling).toBeGreaterThan(20);
      expect(off.slice(0, 6)).toEqual([]);
    },
    60_000,
  );
});

describe('the lifecycle paragraph of the system prompt (prompts/agent-lifecycle.md)', () => {
  it('always describes cancel, and timeouts, late failures and expiry only when they are on', async () => {
    const { loadPrompt } = await import('../../pipeline/llm/prompts.ts');
    const { renderLifecycle, renderSystem } = await import('../../pipeline/agents/render.ts');
    const prompt = loadPrompt('agent-lifecycle');
    const off = renderLifecycle(prompt);
    expect(off).toMatch(/^- `cancel\(handle\)` stops a call/);
    expect(off).not.toMatch(/time out|expire|fail while running/);
    const on = renderLifecycle(prompt, { lateFailures: true, timeouts: true, ttl: 30 });
    expect(on.split('\n')).toHaveLength(4);
    expect(on).toContain('kept for 30 virtual second(s)');
    expect(on).toContain('status `timed-out`');
    const system = renderSystem(loadPrompt('agent-system'), loadPrompt('agent-delivery-poll'), 1, on);
    expect(system).toContain('answers `expired`');
    expect(system).not.toMatch(/\{\{/);
  });
});
