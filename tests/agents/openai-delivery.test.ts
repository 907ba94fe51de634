import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type ScriptedReply } from '../support/openai-server.ts';
import { createOpenAiAgent } from '../../pipeline/agents/openai-agent.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';
import { counterSample, fixtureRegistry } from '../env/helpers.ts';

/** Each delivery mode's chat protocol, end to end: the real SDK, the loopback server, a scripted model. */
const registry = await fixtureRegistry();
const oneTask = counterSample({ tasks: [counterSample().tasks[0]!] });
const sample = { ...oneTask, meta: { ...oneTask.meta, ...computeMakespans(oneTask, registry) } };
let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(() => server.close());

type Body = { messages: { role: string; content: string }[]; tools: { function: { name: string } }[] };
const calls = (...list: [string, unknown][]): ScriptedReply => ({ kind: 'message', toolCalls: list.map(([name, args]) => ({ name, arguments: JSON.stringify(args) })) });
const lastTool = (body: Body) => JSON.parse(body.messages.filter((m) => m.role === 'tool').at(-1)!.content);
const lastEnv = (body: Body) => body.messages.filter((m) => m.role === 'user' && m.content.startsWith('[environment]')).at(-1)?.content;
const agent = () => createOpenAiAgent({ model: 'scripted-model', baseURL: server.url, cacheDir: null, maxRetries: 0 });

async function play(delivery: 'push' | 'poll' | 'notify' | 'silent', script: (body: Body, i: number) => ScriptedReply) {
  server.requests.length = 0;
  server.respondWith(script);
  const trace = await runEpisode(sample, agent(), registry, { delivery });
  return { trace, score: scoreSample(sample, trace, registry), bodies: server.requests.map((r) => r.body as Body) };
}

describe('the chat protocol of each delivery mode', () => {
  it('push: results arrive in an environment message', async () => {
    let token = '';
    const { score, bodies, trace } = await play('push', (body, i) => {
      if (i === 0) return calls(['fx_token', { word: 'apple' }], ['wait', {}]);
      if (i === 1) {
        token = JSON.parse(lastEnv(body)!.split('\n')[2]!).result.token;
        return calls(['fx_check', { token }], ['wait', {}]);
      }
      return calls(['submit_answer', { task_id: 'T1', answer: token }]);
    });
    expect(bodies[0]!.messages[0]!.content).toMatch(/results arrive on their own, before your next reply/);
    expect(bodies[0]!.tools.map((t) => t.function.name).slice(-4)).toEqual(['wait', 'submit_answer', 'finish', 'cancel']);
    expect(lastEnv(bodies[1]!)).toBe(
      `[environment] virtual time 5.0 s.\n1 result(s) arrived, in completion order:\n{"handle":"h1","tool":"fx_token","arguments":{"word":"apple"},"result":{"token":"${token}"}}`,
    );
    expect(score.taskSuccess).toBe(true);
    expect(trace.polls).toBeUndefined();
  });

  it('poll: nothing is pushed; wait + check_all in one reply fetch what finished', async () => {
    let token = '';
    const { score, bodies, trace } = await play('poll', (body, i) => {
      if (i === 0) return calls(['fx_token', { word: 'apple' }], ['wait', {}], ['check_all', {}]);
      if (i === 1) {
        token = lastTool(body).calls[0].result.token;
        return calls(['fx_check', { token }], ['wait', {}], ['check', { handle: 'h2' }]);
      }
      return calls(['submit_answer', { task_id: 'T1', answer: lastTool(body).result.token }]);
    });
    expect(bodies[0]!.messages[0]!.content).toMatch(/results are never sent to you on their own/);
    expect(bodies[0]!.tools.map((t) => t.function.name).slice(-6)).toEqual(['wait', 'submit_answer', 'finish', 'cancel', 'check', 'check_all']);
    expect(bodies.every((b) => lastEnv(b) === undefined)).toBe(true);
    expect(lastTool(bodies[1]!)).toEqual({ status: 'checked', calls: [{ handle: 'h1', status: 'done', result: { token } }] });
    expect(lastTool(bodies[2]!)).toEqual({ status: 'done', handle: 'h2', result: { ok: true, token } });
    expect(score).toMatchObject({ taskSuccess: true, failureModes: [] });
    expect(score.efficiency.efficiency).toBe(1);
    expect(trace.polls).toEqual({ fetches: 2, wasted: 0 });
  });

  it('notify: a one-line notice, the value through get_result', async () => {
    let token = '';
    const { score, bodies } = await play('notify', (body, i) => {
      if (i === 0) return calls(['fx_token', { word: 'apple' }], ['wait', {}]);
      if (i === 1) return calls(['get_result', { handle: 'h1' }]);
      if (i === 2) {
        token = lastTool(body).result.token;
        return calls(['fx_check', { token }], ['wait', {}], ['get_result', { handle: 'h2' }]);
      }
      return calls(['submit_answer', { task_id: 'T1', answer: token }]);
    });
    expect(bodies[0]!.messages[0]!.content).toMatch(/the environment sends a one-line notice/);
    expect(bodies[0]!.tools.map((t) => t.function.name).slice(-5)).toEqual(['wait', 'submit_answer', 'finish', 'cancel', 'get_result']);
    expect(lastEnv(bodies[1]!)).toBe('[environment] virtual time 5.0 s.\nh1 finished; call get_result("h1") to read it.');
    expect(lastTool(bodies[2]!)).toEqual({ status: 'done', handle: 'h1', result: { token } });
    // The notice cost a turn before the fetch: solved, slower than the oracle.
    expect(score.taskSuccess).toBe(true);
    expect(score.efficiency.efficiency).toBeLessThan(1);
  });

  it('silent: nothing said; a check too early is answered running and counted as wasted', async () => {
    const { score, bodies, trace } = await play('silent', (body, i) => {
      if (i === 0) return calls(['fx_token', { word: 'apple' }], ['check', { handle: 'h1' }]);
      if (i === 1) return calls(['wait', {}], ['check', { handle: 'h1' }]);
      if (i === 2) return calls(['fx_check', { token: lastTool(body).result.token }], ['wait', {}], ['check_all', {}]);
      return calls(['submit_answer', { task_id: 'T1', answer: lastTool(body).calls[0].result.token }]);
    });
    expect(bodies[0]!.messages[0]!.content).toMatch(/the environment says nothing when a call finishes/);
    expect(lastTool(bodies[1]!)).toEqual({ status: 'running', handle: 'h1' });
    expect(bodies.every((b) => lastEnv(b) === undefined)).toBe(true);
    expect(score.taskSuccess).toBe(true);
    expect(trace.polls).toEqual({ fetches: 3, wasted: 1 });
    expect(score.efficiency.wastedPolls).toBe(1);
  });

  it('poll: a model that never checks fetches nothing, and is told why its wait does nothing', async () => {
    const { score, bodies } = await play('poll', (_body, i) => (i === 0 ? calls(['fx_token', { word: 'apple' }], ['wait', {}]) : i < 3 ? calls(['wait', {}]) : calls(['finish', {}])));
    expect(lastTool(bodies[2]!).error).toMatch(/finished results are waiting to be fetched with check or check_all/);
    expect(score.failureModes).toContain('fetched-nothing');
    expect(score.taskSuccess).toBe(false);
  });
});
