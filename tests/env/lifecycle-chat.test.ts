import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type ScriptedReply } from '../support/openai-server.ts';
import { createOpenAiAgent } from '../../pipeline/agents/openai-agent.ts';
import { underTtl } from '../../pipeline/env/conditions.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { counterSample, fixtureRegistry } from './helpers.ts';

/**
 * The lifecycle through the chat protocol, end to end in poll mode: the real OpenAI SDK, the
 * loopback server, a scripted model that sees a late failure and retries, cancels a call it made
 * by mistake, and fetches a result too late, is told it expired, and makes the call again.
 */
const registry = await fixtureRegistry();
const TTL = 3;
// T1's fx_token fails late on its first attempt (the sample --late-failure would make); T2 writes then reads.
const base = counterSample({
  tasks: [
    {
      id: 'T1',
      toolkit: 'fx_counter',
      query: 'Get a token for apple and check it.',
      calls: [
        { id: 'c1__first', tool: 'fx_token', args: { word: 'apple' }, expectError: true },
        { id: 'c1', tool: 'fx_token', args: { word: 'apple' }, after: ['c1__first'] },
        { id: 'c2', tool: 'fx_check', args: { token: { $ref: 'c1.token' } } },
      ],
      answer: { $ref: 'c2.token' },
    },
    counterSample().tasks[1]!,
  ],
  latencies: { 'T1.c1__first': 4, 'T1.c1': 4, 'T1.c2': 1, 'T2.c1': 10, 'T2.c2': 2 },
});
const sample = underTtl({ ...base, meta: { ...base.meta, ...computeMakespans(base, registry) } }, registry, TTL);

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

type Message = { role: string; content: string; tool_call_id?: string; tool_calls?: { id: string; function: { name: string } }[] };
type Body = { messages: Message[] };
const calls = (...list: [string, unknown][]): ScriptedReply => ({ kind: 'message', toolCalls: list.map(([name, args]) => ({ name, arguments: JSON.stringify(args) })) });
/** The answers to the previous reply's tool calls, by tool name (the last of each name). */
function answers(body: Body): Record<string, any> {
  const out: Record<string, any> = {};
  let last = body.messages.length - 1;
  while (last >= 0 && body.messages[last]!.role !== 'assistant') last--;
  const names = new Map((body.messages[last]?.tool_calls ?? []).map((c) => [c.id, c.function.name]));
  for (const m of body.messages.slice(last + 1)) if (m.role === 'tool') out[names.get(m.tool_call_id!)!] = JSON.parse(m.content);
  return out;
}

describe('the lifecycle through the chat protocol (poll, late failure, cancel, TTL)', () => {
  it('a late failure seen and retried, a cancel, an expired result made again: solved, every message as documented', async () => {
    let token = '';
    let value: unknown;
    const seen: Record<string, any>[] = [];
    server.requests.length = 0;
    server.respondWith((body: Body, i) => {
      seen.push(answers(body));
      const got = seen[i]!;
      switch (i) {
        // At 1 s: h1 (doomed, done at 5) and h2 (the write, done at 11); wait for h1 and fetch.
        case 0:
          return calls(['fx_token', { word: 'apple' }], ['fx_set', { value: 7 }], ['wait', { handle: 'h1' }], ['check_all', {}]);
        // At 5 s h1 failed: retry it (h3, done at 10), send it twice by mistake (h4) and cancel the copy; wait for the write without fetching.
        case 1:
          return calls(['fx_token', { word: 'apple' }], ['fx_token', { word: 'apple' }], ['cancel', { handle: 'h4' }], ['wait', { handle: 'h2' }]);
        case 2:
          return calls(['check', { handle: 'h2' }]);
        // At 12 s the write is known: read the value (h5, done at 15) and only then fetch everything, at 15: h3 (done at 10) is 5 s old.
        case 3:
          return calls(['fx_get', {}], ['wait', { handle: 'h5' }], ['check_all', {}]);
        // Told h3 expired: make it again (h6, done at 20).
        case 4:
          value = got.check_all.calls.find((c: { handle: string }) => c.handle === 'h5').result.value;
          return calls(['fx_token', { word: 'apple' }], ['wait', { handle: 'h6' }], ['check', { handle: 'h6' }], ['submit_answer', { task_id: 'T2', answer: value }]);
        case 5:
          token = got.check.result.token;
          return calls(['fx_check', { token }], ['wait', { handle: 'h7' }], ['check', { handle: 'h7' }]);
        default:
          return calls(['submit_answer', { task_id: 'T1', answer: got.check.result.token }]);
      }
    });
    const agent = createOpenAiAgent({ model: 'scripted-model', baseURL: server.url, cacheDir: null, maxRetries: 0 });
    const trace = await runEpisode(sample, agent, registry, { delivery: 'poll', ttl: TTL, lifecycle: { lateFailures: true, timeouts: false } });
    const system = (server.requests[0]!.body as Body).messages[0]!.content;
    expect(system).toMatch(/cancel\(handle\)/);
    expect(system).toMatch(/fail while running/);
    expect(system).toMatch(new RegExp(`${TTL} (virtual )?s`));

    expect(seen[1]!.check_all).toEqual({
      status: 'checked',
      calls: [
        { handle: 'h1', status: 'failed', error: 'fx_token failed while running (a transient error of the service); nothing was changed, and calling it again may succeed' },
        { handle: 'h2', status: 'running' },
      ],
    });
    expect(seen[2]!.cancel).toEqual({ status: 'cancelled', handle: 'h4' });
    expect(seen[4]!.check_all.calls).toEqual([
      {
        handle: 'h3',
        status: 'expired',
        error: 'the result of h3 (fx_token) expired at 13 s: it was kept 3 s after the call finished and was not fetched in time; call fx_token again to get a fresh result',
      },
      { handle: 'h5', status: 'done', result: { value: 7 } },
    ]);
    expect(trace.calls.map((c) => `${c.handle} ${c.status}${c.lifecycle ? ` ${c.lifecycle}` : ''}`)).toEqual([
      'h1 error late-failure',
      'h2 ok',
      'h3 ok expired',
      'h4 cancelled cancelled',
      'h5 ok',
      'h6 ok',
      'h7 ok',
    ]);
    expect(trace.cancels).toEqual({ requests: 1, wasted: 0 });

    const score = scoreSample(sample, trace, registry);
    expect(score).toMatchObject({ taskSuccess: true, failureModes: [] });
    // Matched: the failed attempt (an expected failure), the retry made again after expiry, fx_check, the write and the read.
    // The lost read and the cancelled copy were calls made for nothing: 5 of 7.
    expect(score.step).toMatchObject({ matched: 4, agentCalls: 7, recall: 1 });
    expect(score.step.precision).toBe(5 / 7);
    expect(score.efficiency.efficiency).toBeLessThan(1);
    expect(score.efficiency.efficiency).toBeGreaterThan(0);
  });
});
