import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { evolveStage } from '../../pipeline/stages/evolve/index.ts';
import { checkTask } from '../../pipeline/stages/task-check.ts';
import { isRef } from '../../pipeline/world/refs.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import { FIXTURE_SEEDS, fixtureConfig, fixtureRegistry } from './support/fixtures.ts';
import { runFixtureStage, tempDir } from './support/run.ts';

// The retired operators are off by default; these tests still cover them when turned on.
async function evolved(overrides: object = { evolve: { rule: { extend: 1, constraint: 1, recovery: 1 } } }) {
  const dir = tempDir('evolve-');
  const config = fixtureConfig(overrides);
  const seeds = await runFixtureStage<Task>(seedStage, config, [FIXTURE_SEEDS], dir);
  return { ...(await runFixtureStage<Task>(evolveStage, config, [seeds.output], dir)), seeds: seeds.out };
}

const children = (tasks: Task[], op: string) => tasks.filter((t) => t.provenance?.operators.at(-1) === `rule:${op}`);

describe('the evolve stage (rule operators)', async () => {
  const registry = await fixtureRegistry();
  const { out, stats, seeds, output, rejected } = await evolved();

  it('passes every parent through and adds children that all run', () => {
    for (const seed of seeds) expect(out.find((t) => t.id === seed.id)).toEqual(seed);
    expect(out.length).toBeGreaterThan(seeds.length * 3);
    for (const child of out) expect(checkTask(child, registry)).toMatchObject({ ok: true });
    expect(stats.in).toBe(seeds.length);
  });

  it('records the parent lineage and the operator on every child', () => {
    const child = out.find((t) => t.id === 'bank-002~values1')!;
    expect(child.provenance).toEqual({ parents: ['bank-002'], operators: ['rule:values'] });
    for (const op of ['values', 'reword']) expect(children(out, op).length).toBeGreaterThan(0);
    // The retired operators paste function descriptions into queries; the task contract rejects most of their children.
    for (const op of ['extend', 'constraint', 'recovery']) {
      expect(children(out, op).length + rejected.filter((r) => r.reason.startsWith(`rule:${op}:contract:`)).length).toBeGreaterThan(0);
    }
  });

  it('values: draws new pool values and rewrites the query and arguments together', () => {
    for (const child of children(out, 'values')) {
      const parent = seeds.find((s) => s.id === child.provenance!.parents[0])!;
      expect(child.query).not.toBe(parent.query);
      expect(JSON.stringify(child.calls)).not.toBe(JSON.stringify(parent.calls));
    }
  });

  it('extend: the new last call consumes an earlier result and becomes the answer', () => {
    for (const child of children(out, 'extend')) {
      const last = child.calls.at(-1)!;
      expect(JSON.stringify(last.args)).toContain('$ref');
      expect(isRef(child.answer) && child.answer.$ref.split('.')[0]).toBe(last.id);
    }
  });

  it('constraint and recovery: an ordering edge, and a failing call the task recovers from', () => {
    for (const child of children(out, 'constraint')) expect(child.calls.some((c) => c.after?.includes(child.calls[0]!.id))).toBe(true);
    for (const child of children(out, 'recovery')) {
      const failing = child.calls.filter((c) => c.expectError);
      const parent = seeds.find((s) => s.id === child.provenance!.parents[0])!;
      expect(failing.length).toBe(parent.calls.filter((c) => c.expectError).length + 1);
    }
  });

  it('rejects children that do not run, with the operator in the reason', () => {
    const reasons = Object.keys(stats.rejected);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(r).toMatch(/^rule:(values|extend|constraint|recovery|reword):[a-z:-]+$/);
  });

  it('is deterministic: the same seed gives the same children, another seed others', async () => {
    const again = await evolved();
    expect(readFileSync(again.output, 'utf8')).toBe(readFileSync(output, 'utf8'));
    const other = await evolved({ seed: 43 });
    expect(readFileSync(other.output, 'utf8')).not.toBe(readFileSync(output, 'utf8'));
  });

  it('makes no child when every operator count is 0', async () => {
    const none = await evolved({ evolve: { rule: { values: 0, extend: 0, constraint: 0, recovery: 0, reword: 0 } } });
    expect(none.out).toEqual(none.seeds);
  });
});
