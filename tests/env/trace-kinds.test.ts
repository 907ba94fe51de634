import { describe, expect, it } from 'vitest';
import { createAgent } from '../../pipeline/agents/registry.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { Trace, ToolOutcome, TraceCall } from '../../pipeline/schema/trace.ts';
import { counterSample, fixtureRegistry } from './helpers.ts';

/**
 * Trace calls and tool outcomes are tagged unions on `status`: a rejected call has no handle and an
 * error, an accepted one a handle and a toolkit, a failed one an error; each outcome carries the
 * fields of its status. A trace that breaks these is not one the engine writes.
 */
const registry = await fixtureRegistry();

const base = {
  turn: 1,
  toolCallId: 'c1',
  tool: 'fx_get',
  args: {},
  issuedAt: 0,
  latency: 1,
  completesAt: 1,
  completedAt: 1,
  deliveredAt: 1,
  deliveredTurn: 2,
  gold: null,
};

describe('trace calls and tool outcomes as tagged unions', () => {
  it('hold every call and outcome an episode writes', async () => {
    const trace = await runEpisode(counterSample(), createAgent('oracle'), registry);
    expect(Trace.safeParse(trace).success).toBe(true);
    expect(trace.calls.length).toBeGreaterThan(0);
    for (const call of trace.calls) expect(TraceCall.safeParse(call).success).toBe(true);
    const outcomes = trace.messages.flatMap((m) => (m.role === 'tool' ? [m.outcome] : []));
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect(ToolOutcome.safeParse(o).success).toBe(true);
  });

  it('refuse a rejected call with a handle, an accepted one without, and a failed one without its error', () => {
    expect(TraceCall.safeParse({ ...base, handle: null, toolkit: null, status: 'rejected', error: 'unknown function' }).success).toBe(true);
    expect(TraceCall.safeParse({ ...base, handle: 'h1', toolkit: 'fx_counter', status: 'rejected', error: 'unknown function' }).success).toBe(false);
    expect(TraceCall.safeParse({ ...base, handle: 'h1', toolkit: 'fx_counter', status: 'ok', result: { value: 0 } }).success).toBe(true);
    expect(TraceCall.safeParse({ ...base, handle: null, toolkit: 'fx_counter', status: 'ok', result: { value: 0 } }).success).toBe(false);
    expect(TraceCall.safeParse({ ...base, handle: 'h1', toolkit: 'fx_counter', status: 'timed-out', error: 'timed out' }).success).toBe(true);
    expect(TraceCall.safeParse({ ...base, handle: 'h1', toolkit: 'fx_counter', status: 'timed-out' }).success).toBe(false);
  });

  it('refuse an outcome without the field its status promises', () => {
    expect(ToolOutcome.safeParse({ status: 'pending', handle: 'h1' }).success).toBe(true);
    expect(ToolOutcome.safeParse({ status: 'pending' }).success).toBe(false);
    expect(ToolOutcome.safeParse({ status: 'failed', handle: 'h1' }).success).toBe(false);
    expect(ToolOutcome.safeParse({ status: 'rejected', error: 'no' }).success).toBe(true);
    expect(ToolOutcome.safeParse({ status: 'rejected', handle: 'h1', error: 'no' }).success).toBe(false);
    expect(ToolOutcome.safeParse({ status: 'checked', calls: [{ handle: 'h1', status: 'failed' }] }).success).toBe(false);
  });
});
