import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { evolveStage } from '../../pipeline/stages/evolve/index.ts';
import { composeStage, allocate } from '../../pipeline/stages/compose/index.ts';
import { mergeInitialStates } from '../../pipeline/stages/compose/merge.ts';
import { replaySampleGold } from '../../pipeline/world/replay.ts';
import { collectRefs } from '../../pipeline/world/refs.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import { FIXTURE_SEEDS, fixtureConfig, fixtureRegistry } from './support/fixtures.ts';
import { runFixtureStage, tempDir } from './support/run.ts';

const crossRefs = (s: Sample) =>
  s.tasks.flatMap((t) =>
    t.calls.flatMap((c) =>
      collectRefs(c.args)
        .filter((r) => r.ref.task)
        .map((r) => ({ from: r.ref.task!, to: t.id })),
    ),
  );

// A two-task chain (a task and the bridge task that takes its answer) is serial by nature, so the
// asynchrony floor would leave its slots empty on these tiny fixtures; composition is tested here,
// the floor in schedule-validate.test.ts. The fixture toolkits have five seeds each, so a bundle of
// three tasks of one toolkit whose states do not interfere takes more draws than the default.
async function composed(targets: Record<string, number>, seed = 42) {
  const dir = tempDir('compose-');
  const config = fixtureConfig({ seed, compose: { targets, attempts: 100 }, schedule: { minAsyncRatio: 1 } });
  const seeds = await runFixtureStage(seedStage, config, [FIXTURE_SEEDS], dir);
  const evolved = await runFixtureStage(evolveStage, config, [seeds.output], dir);
  return runFixtureStage<Sample>(composeStage, config, [evolved.output], dir);
}

describe('the compose stage', async () => {
  const registry = await fixtureRegistry();
  const { out, stats, output } = await composed({ '2': 20, '3': 15 });

  it('fills the sample targets per number of tasks, over every pattern', () => {
    const byK = (k: number) => out.filter((s) => s.tasks.length === k).length;
    expect([byK(2), byK(3)]).toEqual([20, 15]);
    expect(new Set(out.map((s) => s.meta.pattern))).toEqual(new Set(['independent', 'similar', 'chain', 'fan-in', 'mixed']));
    expect(stats.extra?.unfilled).toEqual([]);
  });

  it('gives tasks ids T1..Tn and keeps the pool task id first in their provenance', () => {
    for (const s of out) {
      expect(s.tasks.map((t) => t.id)).toEqual(s.tasks.map((_, i) => `T${i + 1}`));
      expect(s.meta.provenance?.parents).toEqual(s.tasks.map((t) => t.provenance!.parents[0]));
      expect(s.meta.provenance?.operators[0]).toBe(`compose:${s.meta.pattern}`);
    }
  });

  it('independent samples use distinct toolkits; similar ones a single toolkit', () => {
    for (const s of out.filter((x) => x.meta.pattern === 'independent')) {
      expect(new Set(s.tasks.map((t) => t.toolkit)).size).toBe(s.tasks.length);
      expect(crossRefs(s)).toEqual([]);
    }
    for (const s of out.filter((x) => x.meta.pattern === 'similar')) expect(s.meta.toolkits).toHaveLength(1);
  });

  it('chain, fan-in and mixed samples have cross-task references that the query states in words', () => {
    for (const s of out.filter((x) => ['chain', 'fan-in', 'mixed'].includes(x.meta.pattern))) {
      const refs = crossRefs(s);
      expect(refs.length).toBeGreaterThan(0);
      for (const { from, to } of refs) {
        const query = s.tasks.find((t) => t.id === to)!.query;
        // Named once, after the value, as a person would: "the account balance from T1", never "in task T1".
        expect(query).toContain(` from ${from}`);
        expect(query.match(new RegExp(`\\b${from}\\b`, 'g'))).toHaveLength(1);
        expect(query).not.toMatch(/\btask T\d/);
      }
      if (s.meta.pattern === 'fan-in') expect(new Set(refs.map((r) => r.from)).size).toBeGreaterThanOrEqual(2);
    }
  });

  it('every cross-task reference sits in a bridge task, on its answer path, and its query names no function or field', () => {
    const linked = out.filter((x) => crossRefs(x).length > 0);
    expect(linked.length).toBeGreaterThan(0);
    for (const s of linked) {
      for (const t of s.tasks.filter((t) => t.calls.some((c) => collectRefs(c.args).some((r) => r.ref.task)))) {
        expect(t.provenance!.operators.some((o) => o.startsWith('bridge:'))).toBe(true);
        // Walk back from the answer's call through in-task references: the linked call must be on that path.
        const onPath = new Set<string>();
        const visit = (id: string) => {
          if (onPath.has(id)) return;
          onPath.add(id);
          for (const r of collectRefs(t.calls.find((c) => c.id === id)!.args)) if (!r.ref.task) visit(r.ref.$ref.split(/[.[]/)[0]!);
        };
        visit((t.answer as { $ref: string }).$ref.split(/[.[]/)[0]!);
        for (const c of t.calls.filter((c) => collectRefs(c.args).some((r) => r.ref.task))) expect(onPath.has(c.id)).toBe(true);
        expect(t.query).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
      }
    }
  });

  it('every sample replays on its merged toolkit states and offers gold tools plus distractors', () => {
    for (const s of out) {
      expect(replaySampleGold(s, registry).problems).toEqual([]);
      const gold = new Set(s.tasks.flatMap((t) => t.calls.map((c) => c.tool)));
      for (const g of gold) expect(s.tools).toContain(g);
      expect(s.tools.length).toBeGreaterThan(gold.size);
      expect([...s.tools].sort()).toEqual(s.tools);
    }
  });

  it('is deterministic for a seed', async () => {
    const again = await composed({ '2': 20, '3': 15 });
    expect(readFileSync(again.output, 'utf8')).toBe(readFileSync(output, 'utf8'));
  });
});

describe('composition helpers', () => {
  it('allocate splits a target by weight and the counts add up', () => {
    expect(allocate(10, { independent: 1, chain: 1, similar: 1 })).toEqual([
      ['independent', 4],
      ['similar', 3],
      ['chain', 3],
    ]);
    expect(allocate(7, { chain: 0, similar: 2 })).toEqual([['similar', 7]]);
  });

  it('mergeInitialStates merges objects and refuses two different values at one place', () => {
    expect(mergeInitialStates([{ files: { a: '1' } }, undefined, { files: { b: '2' }, cwd: '/' }])).toEqual({ ok: true, state: { files: { a: '1', b: '2' }, cwd: '/' } });
    expect(mergeInitialStates([{ files: { a: '1' } }, { files: { a: '2' } }])).toEqual({ ok: false, conflict: 'two tasks set $.files.a to different values' });
    expect(mergeInitialStates([{ list: [1, 2] }, { list: [1] }])).toMatchObject({ ok: false });
  });
});
