import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStage, stagePaths } from '../../pipeline/stages/runner.ts';
import type { PerRecordStage, WholeSetStage } from '../../pipeline/stages/stage.ts';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { fixtureConfig, fixtureRegistry } from './support/fixtures.ts';

interface Rec {
  id: string;
  n: number;
}

/** A per-record stage that doubles `n`, rejects odd ones, and can be told to crash on one id. */
function doubler(processed: string[], crashOn?: string, factor = 2): PerRecordStage<Rec, Rec> {
  return {
    kind: 'per-record',
    name: 'schedule',
    configSlice: () => ({ factor }),
    parseInput(value) {
      const v = value as Partial<Rec>;
      if (typeof v?.id !== 'string' || typeof v.n !== 'number') throw new UserInputError('a record needs a string id and a number n');
      return v as Rec;
    },
    keyOf: (r) => r.id,
    idOf: (r) => r.id,
    process(r) {
      if (r.id === crashOn) throw new Error('simulated crash');
      processed.push(r.id);
      if (r.n % 2 === 1) return { out: [], rejected: [{ id: r.id, reason: 'odd', detail: `${r.n} is odd` }] };
      return { out: [{ id: r.id, n: r.n * factor }], rejected: [] };
    },
  };
}

async function setup(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'runner-'));
  const input = join(dir, 'in.jsonl');
  writeFileSync(input, lines.join('\n') + '\n');
  const base = { config: fixtureConfig({ concurrency: 3 }), registry: await fixtureRegistry(), logger: silentLogger };
  return { dir, input, output: join(dir, 'out.jsonl'), base };
}

const records = (ids: string[]) => ids.map((id, i) => JSON.stringify({ id, n: i * 2 + (id.endsWith('odd') ? 1 : 0) }));

describe('the stage runner', () => {
  it('writes outputs sorted by id and counts rejections by reason', async () => {
    const { input, output, base, dir } = await setup([...records(['r3', 'r1', 'x-odd', 'r2']), 'not json', JSON.stringify({ id: 'r9' }), JSON.stringify({ id: 'r1', n: 0 })]);
    const stats = await runStage(doubler([]), { inputs: [input], output }, base);
    expect(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['r1', 'r2', 'r3']);
    expect(stats).toMatchObject({ stage: 'schedule', in: 7, out: 3, rejected: { 'duplicate-id': 1, 'invalid-input': 2, odd: 1 } });
    const rejected = readFileSync(stagePaths(dir, 'schedule').rejected, 'utf8');
    expect(rejected).toMatch(/in\.jsonl:5: not valid JSON/);
    expect(rejected).toMatch(/a record needs a string id/);
  });

  it('skips a rerun whose inputs and config slice are unchanged, and reruns when either changes', async () => {
    const { input, output, base } = await setup(records(['a', 'b']));
    const processed: string[] = [];
    await runStage(doubler(processed), { inputs: [input], output }, base);
    const again = await runStage(doubler(processed), { inputs: [input], output }, base);
    expect(again.skipped).toBe(true);
    expect(processed).toEqual(expect.arrayContaining(['a', 'b']));
    expect(processed).toHaveLength(2);

    const factor3 = await runStage(doubler(processed, undefined, 3), { inputs: [input], output }, base);
    expect(factor3.skipped).toBeUndefined();
    appendFileSync(input, JSON.stringify({ id: 'c', n: 8 }) + '\n');
    const more = await runStage(doubler(processed, undefined, 3), { inputs: [input], output }, base);
    expect(more.out).toBe(3);
  });

  it('reruns a stage whose output file was changed by hand', async () => {
    const { input, output, base } = await setup(records(['a']));
    await runStage(doubler([]), { inputs: [input], output }, base);
    writeFileSync(output, '');
    const stats = await runStage(doubler([]), { inputs: [input], output }, base);
    expect(stats.skipped).toBeUndefined();
    expect(readFileSync(output, 'utf8')).toContain('"a"');
  });

  it('resumes after a crash without processing a finished record twice, even with a torn journal line', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    const { input, output, base, dir } = await setup(records(ids));
    const first: string[] = [];
    await expect(runStage(doubler(first, 'r07'), { inputs: [input], output }, base)).rejects.toThrow('simulated crash');
    expect(existsSync(output)).toBe(false);
    appendFileSync(stagePaths(dir, 'schedule').journal, '{"key":"r11","out":[{"id":"r1');
    const second: string[] = [];
    await runStage(doubler(second), { inputs: [input], output }, base);
    expect(second).toContain('r07');
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect([...first, ...second].sort()).toEqual(ids);

    const clean = await setup(records(ids));
    await runStage(doubler([]), { inputs: [clean.input], output: clean.output }, clean.base);
    expect(readFileSync(output, 'utf8')).toBe(readFileSync(clean.output, 'utf8'));
    expect(existsSync(stagePaths(dir, 'schedule').journal)).toBe(false);
  });

  it('starts over when an interrupted journal belongs to other inputs', async () => {
    const { input, output, base } = await setup(records(['a', 'b', 'c']));
    await expect(runStage(doubler([], 'c'), { inputs: [input], output }, base)).rejects.toThrow();
    writeFileSync(input, records(['a', 'b', 'c']).join('\n').replace('"n":0', '"n":10') + '\n');
    const processed: string[] = [];
    await runStage(doubler(processed), { inputs: [input], output }, base);
    expect(processed.sort()).toEqual(['a', 'b', 'c']);
    expect(readFileSync(output, 'utf8')).toContain('"n":20');
  });

  it('writes a whole-set stage and its extra files by atomic rename', async () => {
    const { input, output, base } = await setup(records(['b', 'a']));
    const stage: WholeSetStage<Rec, Rec> = {
      kind: 'whole-set',
      name: 'dedup',
      configSlice: () => ({}),
      parseInput: (v) => v as Rec,
      idOf: (r) => r.id,
      run: (rs) => ({ out: rs.slice(1), rejected: [{ id: rs[0]!.id, reason: 'first', detail: '' }], files: { 'notes/extra.txt': 'hello\n' } }),
    };
    const stats = await runStage(stage, { inputs: [input], output }, base);
    expect(stats).toMatchObject({ in: 2, out: 1, rejected: { first: 1 } });
    expect(readFileSync(join(output, '..', 'notes/extra.txt'), 'utf8')).toBe('hello\n');
    expect((await runStage(stage, { inputs: [input], output }, base)).skipped).toBe(true);
  });
});
