import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type ScriptedReply } from '../support/openai-server.ts';
import { createOpenAiAgent } from '../../pipeline/agents/openai-agent.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { EndpointError } from '../../pipeline/core/errors.ts';
import { counterSample, fixtureRegistry } from '../env/helpers.ts';

const registry = await fixtureRegistry();
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

const calls = (...list: [string, string][]): ScriptedReply => ({ kind: 'message', toolCalls: list.map(([name, args]) => ({ name, arguments: args })) });

/** The token the environment delivered, read from the last environment message the model got. */
function deliveredToken(body: { messages: { role: string; content: string }[] }): string {
  const env = body.messages.filter((m) => m.role === 'user' && m.content.startsWith('[environment]')).at(-1)!;
  const line = env.content.split('\n').find((l) => l.includes('"fx_token"'))!;
  return (JSON.parse(line) as { result: { token: string } }).result.token;
}

const agentFor = (extra = {}) => createOpenAiAgent({ model: 'scripted-model', baseURL: server.url, cacheDir: null, maxRetries: 0, ...extra });

describe('openai:<model> through the real SDK', () => {
  it('plays an episode from scripted tool calls; malformed replies get errors, are counted, and never crash the run', async () => {
    let token = '';
    server.requests.length = 0;
    server.respondWith((body, i) => {
      switch (i) {
        case 0:
          return calls(['fx_token', '{"word": "apple"}'], ['fx_set', '{"value": 7}'], ['fx_get', '{"x":'], ['fx_teleport', '{}'], ['wait', '{"handle": "h99"}'], ['wait', '{}']);
        case 1:
          token = deliveredToken(body);
          return calls(['fx_check', JSON.stringify({ token })], ['wait', '{"handle": "h2"}']);
        case 2:
          return { kind: 'message', content: 'Let me think about this.' };
        case 3:
          return calls(['fx_get', ''], ['wait', '{}']);
        default:
          return calls(['submit_answer', JSON.stringify({ task_id: 'T1', answer: token })], ['submit_answer', '{"task_id": "T2", "answer": "7"}']);
      }
    });
    const sample = counterSample();
    const trace = await runEpisode(sample, agentFor({ temperature: 0.3, parallelToolCalls: true }), registry);
    const score = scoreSample(sample, trace, registry);

    expect(trace.malformed).toEqual({ invalidJson: 1, unknownFunction: 1, unknownHandle: 1, noToolCall: 1, invalidArguments: 0 });
    expect(score.step).toMatchObject({ matched: 4, agentCalls: 6, recall: 1 });
    expect(score).toMatchObject({ taskSuccess: true, failureModes: ['hallucinated-tool'] });
    expect(trace.usage).toMatchObject({ requests: 5, cachedResponses: 0 });
    expect(trace.agentInfo).toMatchObject({ model: 'scripted-model', prompt: expect.stringMatching(/^agent-system@[0-9a-f]{8}$/) });

    const [first, second, third] = server.requests.map((r) => r.body);
    expect(first.messages[0].role).toBe('system');
    expect(first.messages[1].content).toMatch(/\[T1\] Get a token for apple and check it\./);
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(['fx_token', 'fx_check', 'fx_set', 'fx_get', 'wait', 'submit_answer', 'finish', 'cancel']);
    expect(first).toMatchObject({ temperature: 0.3, parallel_tool_calls: true });
    const toolMsgs = second.messages.filter((m: { role: string }) => m.role === 'tool').map((m: { content: string }) => JSON.parse(m.content));
    expect(toolMsgs.map((o: { status: string }) => o.status)).toEqual(['pending', 'pending', 'rejected', 'rejected', 'rejected', 'waited']);
    expect(toolMsgs[2].error).toMatch(/not valid JSON/);
    expect(toolMsgs[3].error).toMatch(/unknown function "fx_teleport"/);
    expect(toolMsgs[4].error).toMatch(/unknown handle "h99"/);
    expect(second.messages.at(-1).content).toMatch(/^\[environment\] virtual time 5\.0 s\.\n1 result\(s\) arrived/);
    const fourth = server.requests[3]!.body;
    expect(fourth.messages.at(-1).content).toMatch(/made no tool call/);
    expect(third.messages.at(-1).content).toMatch(/2 result\(s\) arrived/);
  });

  it('scores the scripted episode: both tasks solved once the answers are right', async () => {
    let token = '';
    server.requests.length = 0;
    server.respondWith((body, i) => {
      if (i === 0) return calls(['fx_token', '{"word":"apple"}'], ['fx_set', '{"value":7}'], ['wait', '{}']);
      if (i === 1) {
        token = deliveredToken(body);
        return calls(['fx_check', JSON.stringify({ token })], ['wait', '{"handle":"h2"}']);
      }
      if (i === 2) return calls(['fx_get', '{}'], ['submit_answer', JSON.stringify({ task_id: 'T1', answer: token })], ['wait', '{}']);
      return calls(['submit_answer', '{"task_id":"T2","answer":7}']);
    });
    const sample = counterSample();
    const trace = await runEpisode(sample, agentFor(), registry);
    const score = scoreSample(sample, trace, registry);
    expect(score).toMatchObject({ taskSuccess: true, failureModes: [] });
    expect(score.step.f1).toBe(1);
    // The oracle's schedule: t=1 token (4 s) and set (10 s); 6 check; 12 get (2 s) and answer T1; 15 answer T2.
    expect(score.efficiency).toMatchObject({ makespan: 15, efficiency: 1, idleRatio: 0 });
  });

  it('stops the episode with an EndpointError when the endpoint keeps failing', async () => {
    server.respondWith(() => ({ kind: 'fault', fault: 'server_error' }));
    await expect(runEpisode(counterSample(), agentFor(), registry)).rejects.toBeInstanceOf(EndpointError);
  });
});
