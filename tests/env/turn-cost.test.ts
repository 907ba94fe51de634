import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type ScriptedReply } from '../support/openai-server.ts';
import { createAgent } from '../../pipeline/agents/registry.ts';
import { createOpenAiAgent } from '../../pipeline/agents/openai-agent.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { parseTurnCost } from '../../pipeline/env/turn-cost.ts';
import { withTurnCost } from '../../pipeline/env/trials.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';
import { counterSample, fixtureRegistry } from './helpers.ts';

const registry = await fixtureRegistry();
const one = counterSample({ tasks: [counterSample().tasks[0]!] });
const sample = { ...one, meta: { ...one.meta, ...computeMakespans(one, registry) } };
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

describe('--turn-cost', () => {
  it('parses the three forms and names them when the text fits none', () => {
    expect(parseTurnCost('fixed:2.5')).toEqual({ kind: 'fixed', seconds: 2.5 });
    expect(parseTurnCost('tokens:50')).toEqual({ kind: 'tokens', tokensPerSecond: 50 });
    expect(parseTurnCost('tokens:0.5:50')).toEqual({ kind: 'tokens', base: 0.5, tokensPerSecond: 50 });
    for (const bad of ['tokens:0', 'fixed', 'fixed:-1', 'speed:3', 'tokens:a']) expect(() => parseTurnCost(bad)).toThrow(/fixed:S, tokens:R or tokens:S:R/);
  });

  it('fixed:S plays the sample at S per turn, against the oracle recomputed for it', async () => {
    const slow = withTurnCost(sample, registry, { kind: 'fixed', seconds: 3 });
    expect(slow.meta.turnCost).toBe(3);
    expect(slow.meta.oracleMakespan).toBeGreaterThan(sample.meta.oracleMakespan);
    const s = scoreSample(slow, await runEpisode(slow, createAgent('oracle'), registry), registry);
    expect(s.efficiency.efficiency).toBe(1);
  });

  it('tokens:R charges completion tokens as thinking time: the makespan grows, the message records its cost', async () => {
    const reply = (toolCalls: [string, unknown][]): ScriptedReply => ({
      kind: 'message',
      toolCalls: toolCalls.map(([name, a]) => ({ name, arguments: JSON.stringify(a) })),
      usage: { prompt_tokens: 10, completion_tokens: 200 },
    });
    let token = '';
    server.respondWith((body, i) => {
      if (i === 0)
        return reply([
          ['fx_token', { word: 'apple' }],
          ['wait', {}],
        ]);
      if (i === 1) {
        const env = body.messages.filter((m: { role: string; content: string }) => m.role === 'user').at(-1).content as string;
        token = JSON.parse(env.split('\n')[2]!).result.token;
        return reply([
          ['fx_check', { token }],
          ['wait', {}],
        ]);
      }
      return reply([['submit_answer', { task_id: 'T1', answer: token }]]);
    });
    const agent = createOpenAiAgent({ model: 'thinker', baseURL: server.url, cacheDir: null, maxRetries: 0 });
    const trace = await runEpisode(sample, agent, registry, { tokensPerSecond: 100 });
    const turns = trace.messages.filter((m) => m.role === 'assistant');
    // Each turn: the fixed 1 s plus 200 tokens / 100 per second.
    expect(turns.map((m) => m.cost)).toEqual([3, 3, 3]);
    expect(turns.map((m) => m.at)).toEqual([0, 7, 11]);
    expect(trace.options.tokensPerSecond).toBe(100);
    const s = scoreSample(sample, trace, registry);
    expect(s.taskSuccess).toBe(true);
    expect(s.efficiency.thinkingTime).toBe(6);
    expect(s.efficiency.makespan).toBe(14);
    expect(s.efficiency.efficiency).toBeCloseTo(sample.meta.oracleMakespan / 14, 12);
  });
});
