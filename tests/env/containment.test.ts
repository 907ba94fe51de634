import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { runEvaluation } from '../../pipeline/evaluate/run.ts';
import { scoreSample } from '../../pipeline/score/score-sample.ts';
import { Trace } from '../../pipeline/schema/trace.ts';
import { EpisodeRecord } from '../../pipeline/schema/result.ts';
import { startFakeServer } from '../support/openai-server.ts';
import { counterSample, fixtureRegistry, scripted } from './helpers.ts';

const FIXTURE = new URL('../fixtures/datasets/small.jsonl', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('an episode that throws ends as a scored harness-error episode', () => {
  it('an agent throwing an object whose toString throws', async () => {
    const registry = await fixtureRegistry();
    const sample = counterSample();
    const hostile = {
      toString: () => {
        throw new Error('no');
      },
    };
    const agent = scripted([
      () => [{ name: 'fx_token', args: { word: 'apple' } }],
      () => {
        throw hostile;
      },
    ]);
    const trace = await runEpisode(sample, agent, registry);
    expect(trace.endReason).toBe('harness-error');
    expect(trace.harnessError).toBe('thrown object that cannot be shown');
    expect(trace.turns).toBe(2);
    expect(() => Trace.parse(trace)).not.toThrow();
    const score = scoreSample(sample, trace, registry);
    expect(score.taskSuccess).toBe(false);
    expect(score.failureModes).toContain('harness-error');
  });

  it('a simulator that throws a TypeError', async () => {
    const registry = await fixtureRegistry();
    const functions = registry.toolkit('fx_counter')!.sim.functions;
    const original = functions.fx_token!;
    functions.fx_token = () => {
      throw new TypeError("Cannot read properties of undefined (reading 'length')");
    };
    // The simulator module is shared by every test file of the worker (isolate: false): put the function back.
    let trace: Awaited<ReturnType<typeof runEpisode>>;
    try {
      trace = await runEpisode(counterSample(), scripted([() => [{ name: 'fx_token', args: { word: 'apple' } }], () => [{ name: 'wait', args: {} }]]), registry);
    } finally {
      functions.fx_token = original;
    }
    expect(trace.endReason).toBe('harness-error');
    expect(trace.harnessError).toMatch(/SimulatorCrash: simulator fx_counter\.fx_token threw TypeError: Cannot read properties of undefined/);
  });
});

describe('evaluate with a model whose replies are malformed', () => {
  it('records every episode, with the reply issues, instead of aborting the run', async () => {
    const server = await startFakeServer();
    const out = mkdtempSync(join(tmpdir(), 'asynctool-contain-'));
    dirs.push(out);
    const bad = [
      { role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'mean', arguments: { numbers: [1, 2] } } }] },
      { role: 'assistant', content: null, tool_calls: 'mean' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'a', type: 'function' },
          { id: 'a', type: 'function', function: { name: 'ls', arguments: 7 } },
        ],
      },
      { role: 'assistant', content: { text: 'an object' } },
    ];
    // Each conversation gets one broken reply, then finishes.
    server.respondWith((body) =>
      body.messages.some((m: { role: string }) => m.role === 'assistant') || body.messages.filter((m: { role: string }) => m.role === 'user').length > 1
        ? { kind: 'message', toolCalls: [{ name: 'finish', arguments: '{}' }] }
        : { kind: 'raw', message: bad[body.messages[1].content.length % bad.length] },
    );
    try {
      const result = await runEvaluation({
        dataset: FIXTURE,
        agent: 'openai:scripted-model',
        agentFlags: { baseURL: server.url, cacheDir: join(out, 'cache') },
        out: join(out, 'run'),
        limit: 6,
        progress: () => ({ tick: () => {}, done: () => {} }),
      });
      expect(result.failed).toEqual([]);
      expect(result.summary.overall.episodes).toBe(6);
      const rows = readFileSync(join(out, 'run', 'traces.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => EpisodeRecord.parse(JSON.parse(l)));
      expect(rows).toHaveLength(6);
      const issues = rows.flatMap((r) => r.trace.messages.flatMap((m) => (m.role === 'assistant' ? (m.replyIssues ?? []) : [])));
      expect(issues.length).toBeGreaterThanOrEqual(6);
      expect(rows.every((r) => (r.trace.malformed.malformedReply ?? 0) >= 1)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
