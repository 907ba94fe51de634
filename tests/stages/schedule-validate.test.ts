import { describe, expect, it } from 'vitest';
import { runEpisodeSync } from '../../pipeline/env/engine.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { evolveStage } from '../../pipeline/stages/evolve/index.ts';
import { composeStage } from '../../pipeline/stages/compose/index.ts';
import { assignLatencies, scheduleStage } from '../../pipeline/stages/schedule.ts';
import { validateStage } from '../../pipeline/stages/validate.ts';
import { toJsonl } from '../../pipeline/core/jsonl.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import { FIXTURE_SEEDS, fixtureConfig, fixtureRegistry } from './support/fixtures.ts';
import { runFixtureStage, tempDir } from './support/run.ts';

describe('the schedule and validate stages', async () => {
  const registry = await fixtureRegistry();
  const dir = tempDir('schedule-');
  const config = fixtureConfig({ compose: { targets: { '2': 12, '3': 8 } } });
  const seeds = await runFixtureStage(seedStage, config, [FIXTURE_SEEDS], dir);
  const evolved = await runFixtureStage(evolveStage, config, [seeds.output], dir);
  const composed = await runFixtureStage<Sample>(composeStage, config, [evolved.output], dir);
  const scheduled = await runFixtureStage<Sample>(scheduleStage, config, [composed.output], dir);

  it('assigns a latency to every gold call under each regime', () => {
    const draft = composed.out[0]!;
    const keys = draft.tasks.flatMap((t) => t.calls.map((c) => `${t.id}.${c.id}`)).sort();
    const none = assignLatencies(draft, registry, 'none', config);
    expect(Object.keys(none).sort()).toEqual(keys);
    expect(new Set(Object.values(none))).toEqual(new Set([0]));
    expect(new Set(Object.values(assignLatencies(draft, registry, 'one-round', { ...config, schedule: { ...config.schedule, turnCost: 2 } })))).toEqual(new Set([0]));
    const realistic = assignLatencies(draft, registry, 'realistic', config);
    expect(assignLatencies(draft, registry, 'realistic', config)).toEqual(realistic);
    const high = assignLatencies(draft, registry, 'high', config);
    for (const key of keys) expect(high[key]!).toBeCloseTo(realistic[key]! * 4, 0);
  });

  it("in one-round, a result issued in a turn is there at the next turn without waiting (the paper's setting)", async () => {
    const draft = composed.out[0]!;
    const sample = { ...draft, latencies: assignLatencies(draft, registry, 'one-round', config) };
    const first = sample.tasks[0]!.calls.find((c) => Object.values(c.args).every((v) => typeof v !== 'object' || v === null))!;
    let turn = 0;
    const agent = {
      id: 'one-call',
      start: () => ({
        turn: () => (++turn === 1 ? { toolCalls: [{ id: 'a', name: first.tool, args: first.args as Record<string, unknown> }] } : { toolCalls: [{ id: `f${turn}`, name: 'finish', args: {} }] }),
      }),
    };
    const trace = runEpisodeSync(sample, agent, registry);
    expect(trace.calls[0]).toMatchObject({ turn: 1, deliveredTurn: 2 });
  });

  it('fills latencies and makespans; the oracle is never slower than sequential', () => {
    expect(scheduled.out.length).toBe(composed.out.length);
    for (const s of scheduled.out) {
      expect(s.meta.regime).toBe('realistic');
      expect(s.meta.oracleMakespan).toBeGreaterThan(0);
      expect(s.meta.sequentialMakespan / s.meta.oracleMakespan).toBeGreaterThanOrEqual(config.schedule.minAsyncRatio);
    }
  });

  it('drops samples with too little room for asynchrony', async () => {
    const strict = fixtureConfig({ schedule: { minAsyncRatio: 50 } });
    const result = await runFixtureStage(scheduleStage, strict, [composed.output], tempDir());
    expect(result.out).toEqual([]);
    expect(result.stats.rejected).toEqual({ 'too-little-asynchrony': composed.out.length });
    expect(result.rejected[0]!.detail).toMatch(/below minAsyncRatio 50/);
  });

  it('validate keeps samples the oracle solves perfectly and rejects broken ones with the reason', async () => {
    const good = scheduled.out.slice(0, 3);
    const wrongAnswer: Sample = { ...good[0]!, id: 'zz-wrong-answer', tasks: good[0]!.tasks.map((t, i) => (i === 0 ? { ...t, answer: 'not the answer' } : t)) };
    const tooFast: Sample = { ...good[1]!, id: 'zz-too-fast', meta: { ...good[1]!.meta, oracleMakespan: good[1]!.meta.oracleMakespan / 2 } };
    const noLatency: Sample = { ...good[2]!, id: 'zz-no-latency', latencies: {} };
    const input = join(tempDir(), 'in.jsonl');
    writeFileSync(input, toJsonl([...good, wrongAnswer, tooFast, noLatency]));
    const result = await runFixtureStage<Sample>(validateStage, config, [input], tempDir());
    expect(result.out.map((s) => s.id)).toEqual(good.map((s) => s.id));
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.id, r.reason]));
    expect(reasons).toEqual({ 'zz-wrong-answer': 'invalid', 'zz-too-fast': 'oracle-inefficient', 'zz-no-latency': 'invalid' });
    expect(result.rejected.find((r) => r.id === 'zz-wrong-answer')!.detail).toMatch(/answer/);
  });
});
