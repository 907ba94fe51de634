import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { importBfcl } from '../../pipeline/import/run.ts';
import { validatePaths, type LocatedProblem } from '../../pipeline/validate/files.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import { runCli } from '../support/cli.ts';
import { executeGold } from '../../pipeline/world/execute.ts';
import { collectRefs, parseRef } from '../../pipeline/world/refs.ts';
import { canonicalJson } from '../../pipeline/core/canonical.ts';
import { rngFor } from '../../pipeline/core/rng.ts';

const BFCL = '../shared/external/bfcl';
const registry = await loadRegistry();

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A question file and an answers folder holding only the chosen real entries (plus extra synthetic ones). */
function subset(category: string, ids: string[], extra: { q: object; a: object }[] = []): { question: string; answers: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'asynctool-bfcl-'));
  const name = `BFCL_v4_multi_turn_${category}.json`;
  const pick = (file: string) => lines(file).filter((r) => ids.includes(r.id as string));
  const qs = [...pick(`${BFCL}/question/${name}`), ...extra.map((e) => e.q)];
  const as = [...pick(`${BFCL}/possible_answer/${name}`), ...extra.map((e) => e.a)];
  mkdirSync(join(dir, 'answers'));
  writeFileSync(join(dir, name), qs.map((q) => JSON.stringify(q)).join('\n') + '\n');
  writeFileSync(join(dir, 'answers', name), as.map((a) => JSON.stringify(a)).join('\n') + '\n');
  return { question: join(dir, name), answers: join(dir, 'answers'), out: join(dir, 'out') };
}

function seedsOf(out: string, category: string): Task[] {
  return parseYaml(readFileSync(join(out, 'seeds', `BFCL_v4_multi_turn_${category}.yaml`), 'utf8')) as Task[];
}

describe('asynctool import bfcl', () => {
  it('converts a real entry into a seed task, field by field', () => {
    const files = subset('base', ['multi_turn_base_0']);
    const run = importBfcl({ questions: [files.question], answers: files.answers, out: files.out }, registry);
    const entry = lines(files.question)[0] as { initial_config: Record<string, unknown> };
    const [task, ...others] = seedsOf(files.out, 'base');
    // TwitterAPI is involved but has no gold call, so only the file-system task exists.
    expect(others).toEqual([]);
    expect(run.rejects).toEqual([]);
    expect(task!.id).toBe('bfcl-multi_turn_base_0-filesystem');
    expect(task!.toolkit).toBe('filesystem');
    // BFCL's class default fills what the entry's config leaves out.
    expect(task!.initialState).toEqual({ long_context: false, ...(entry.initial_config.GorillaFileSystem as object) });
    expect(task!.query).toBe(
      "Move 'final_report.pdf' within document directory to 'temp' directory in document. Make sure to create the directory. " +
        "Perform a detailed search using grep to identify sections in the file pertaining to 'budget analysis'. " +
        "Upon identifying the requisite 'budget analysis' content, sort the 'final_report.pdf' by line for improved clarity and comprehension. " +
        "Move 'previous_report.pdf' in document directory to temp as well and having final report also there, proceed to juxtapose it with 'previous_report.pdf' to detect any critical alterations. " +
        "(Use folder '..'.)",
    );
    expect(task!.calls).toEqual([
      { id: 'c1', tool: 'cd', args: { folder: 'document' } },
      { id: 'c2', tool: 'mkdir', args: { dir_name: 'temp' }, after: ['c1'] },
      { id: 'c3', tool: 'mv', args: { source: 'final_report.pdf', destination: 'temp' }, after: ['c2'] },
      { id: 'c4', tool: 'cd', args: { folder: 'temp' }, after: ['c3'] },
      { id: 'c5', tool: 'grep', args: { file_name: 'final_report.pdf', pattern: 'budget analysis' }, after: ['c4'] },
      // A positional argument in the ground truth (`sort('final_report.pdf')`) takes the parameter's name.
      { id: 'c6', tool: 'sort', args: { file_name: 'final_report.pdf' }, after: ['c4'] },
      // A state change waits for the reads issued since the previous one.
      { id: 'c7', tool: 'cd', args: { folder: '..' }, after: ['c5', 'c6'] },
      { id: 'c8', tool: 'mv', args: { source: 'previous_report.pdf', destination: 'temp' }, after: ['c7'] },
      { id: 'c9', tool: 'cd', args: { folder: 'temp' }, after: ['c8'] },
      { id: 'c10', tool: 'diff', args: { file_name1: 'final_report.pdf', file_name2: 'previous_report.pdf' }, after: ['c9'] },
    ]);
    expect(task!.answer).toEqual({ $ref: 'c10.diff_lines' });
    expect(task!.provenance).toEqual({ parents: [], operators: ['import:bfcl'], source: 'BFCL v3 multi_turn_base_0 (Apache-2.0)' });
    expect(run.reports[0]).toMatchObject({ entries: 1, entriesConverted: 1, tasksWritten: 1, skippedClasses: 1, binding: { clauses: 1 } });
  });

  it('turns values read from earlier results into references and states the rest in a clause', () => {
    const files = subset('base', ['multi_turn_base_185']);
    importBfcl({ questions: [files.question], answers: files.answers, out: files.out }, registry);
    const [task] = seedsOf(files.out, 'base');
    // "from the first to the second airport in your inventory": the codes come from list_all_airports.
    expect(task!.calls[1]).toMatchObject({ tool: 'get_flight_cost', args: { travel_from: { $ref: 'c1.airports[0]' }, travel_to: { $ref: 'c1.airports[1]' } } });
    expect(task!.query).toMatch(/\(Use travel date '2026-12-15'; insurance type 'comprehensive'\.\)$/);
  });

  it('keeps the turn that asks for something the next turn completes (miss_param)', () => {
    const files = subset('miss_param', ['multi_turn_miss_param_0']);
    importBfcl({ questions: [files.question], answers: files.answers, out: files.out }, registry);
    const [task] = seedsOf(files.out, 'miss_param');
    expect(task!.query).toContain('Move one of the file in document directory to temp as well');
    expect(task!.query).toContain('The specific file is previous_report.pdf.');
  });

  it('reports entries it cannot convert with their reason and goes on', () => {
    const files = subset(
      'base',
      ['multi_turn_base_1'],
      [
        {
          q: { id: 'bad_1', question: [[{ role: 'user', content: "Go to 'docs'." }]], initial_config: {}, involved_classes: ['GorillaFileSystem'], path: ['GorillaFileSystem.cd'] },
          a: { id: 'bad_1', ground_truth: [['cd(folder=os.getcwd())']] },
        },
        {
          q: { id: 'bad_2', question: [[{ role: 'user', content: "Teleport to 'docs'." }]], initial_config: {}, involved_classes: ['GorillaFileSystem'], path: ['GorillaFileSystem.teleport'] },
          a: { id: 'bad_2', ground_truth: [["teleport(folder='docs')"]] },
        },
        {
          q: { id: 'bad_3', question: [[{ role: 'user', content: "Go to 'nowhere'." }]], initial_config: {}, involved_classes: ['GorillaFileSystem'], path: ['GorillaFileSystem.cd'] },
          a: { id: 'bad_3', ground_truth: [["cd(folder='nowhere')"]] },
        },
      ],
    );
    const run = importBfcl({ questions: [files.question], answers: files.answers, out: files.out }, registry);
    const rejects = readFileSync(join(files.out, 'rejects.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(rejects.map((r) => [r.entry, r.class, r.reason, r.fn])).toEqual([
      ['bad_1', 'GorillaFileSystem', 'unparsable-call', 'cd'],
      ['bad_2', 'GorillaFileSystem', 'unknown-function', 'teleport'],
      ['bad_3', 'GorillaFileSystem', 'replay-error', 'cd'],
    ]);
    expect(rejects[0]!.detail).toMatch(/"os" is a name, not a literal/);
    expect(seedsOf(files.out, 'base').map((t) => t.id)).toEqual(['bfcl-multi_turn_base_1-filesystem']);
    const report = JSON.parse(readFileSync(join(files.out, 'import-report.json'), 'utf8')) as {
      credit: string;
      sources: { entries: number; entriesConverted: number; perClass: Record<string, { attempted: number; converted: number }> }[];
    };
    expect(report.credit).toMatch(/Apache-2\.0/);
    expect(report.sources[0]).toMatchObject({ entries: 4, entriesConverted: 1, perClass: { GorillaFileSystem: { attempted: 4, converted: 1 } } });
    expect(run.rejects).toHaveLength(3);
  });

  it('writes seeds that pass asynctool validate, byte-identical on a second run', async () => {
    const ids = ['multi_turn_base_0', 'multi_turn_base_101', 'multi_turn_base_150', 'multi_turn_base_60', 'multi_turn_base_20', 'multi_turn_base_190'];
    const files = subset('base', ids);
    const args = ['import', 'bfcl', files.question, '--answers', files.answers, '--out', files.out];
    const first = await runCli(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/entries converted/);
    const snapshot = ['seeds/BFCL_v4_multi_turn_base.yaml', 'rejects.jsonl', 'import-report.json'].map((f) => readFileSync(join(files.out, f), 'utf8'));
    await runCli(args);
    expect(['seeds/BFCL_v4_multi_turn_base.yaml', 'rejects.jsonl', 'import-report.json'].map((f) => readFileSync(join(files.out, f), 'utf8'))).toEqual(snapshot);
    const problems: LocatedProblem[] = [];
    const summary = await validatePaths([join(files.out, 'seeds')], registry, (p) => problems.push(p));
    expect(problems).toEqual([]);
    expect(summary.validRecords).toBe(seedsOf(files.out, 'base').length);
    expect(summary.validRecords).toBeGreaterThanOrEqual(ids.length);
  });

  it('derives ordering constraints under which every order the DAG allows gives the same results', () => {
    const files = subset('base', ['multi_turn_base_0', 'multi_turn_base_55', 'multi_turn_base_101', 'multi_turn_base_185', 'multi_turn_base_60', 'multi_turn_base_145']);
    importBfcl({ questions: [files.question], answers: files.answers, out: files.out }, registry);
    const tasks = seedsOf(files.out, 'base');
    expect(tasks.length).toBeGreaterThanOrEqual(6);
    for (const task of tasks) {
      const gold = executeGold(task, registry);
      const deps = new Map(task.calls.map((c) => [c.id, [...(c.after ?? []), ...collectRefs(c.args).map((r) => parseRef(r.ref.$ref).call)]]));
      const rng = rngFor('import-order', task.id);
      for (let k = 0; k < 8; k++) {
        // A call may complete any time after its dependencies: replay one random topological order.
        const done = new Set<string>();
        const order: Task['calls'] = [];
        while (order.length < task.calls.length) {
          const next = rng.pick(task.calls.filter((c) => !done.has(c.id) && deps.get(c.id)!.every((d) => done.has(d))));
          done.add(next.id);
          order.push(next);
        }
        const run = executeGold({ ...task, calls: order }, registry);
        expect(run.problems, task.id).toEqual([]);
        expect(canonicalJson(run.calls), task.id).toBe(canonicalJson(gold.calls));
        expect(canonicalJson(run.finalState), task.id).toBe(canonicalJson(gold.finalState));
      }
    }
  });
});

/** A long-context entry of our own: a base entry under BFCL's long-context id naming. */
function asLongContext(id: string): { q: object; a: object } {
  const renamed = id.replace('multi_turn_base_', 'multi_turn_long_context_');
  const q = lines(`${BFCL}/question/BFCL_v4_multi_turn_base.json`).find((r) => r.id === id)!;
  const a = lines(`${BFCL}/possible_answer/BFCL_v4_multi_turn_base.json`).find((r) => r.id === id)!;
  return { q: { ...q, id: renamed }, a: { ...a, id: renamed } };
}

type FsNode = { type: string; content?: string; contents?: Record<string, FsNode> };

describe('asynctool import bfcl on long-context entries', () => {
  it('extends the state as BFCL does for long context, with generated content, and the tasks still replay', () => {
    const files = subset('base', [], [asLongContext('multi_turn_base_0'), asLongContext('multi_turn_base_151')]);
    const run = importBfcl({ questions: [files.question], answers: files.answers, out: files.out }, registry);
    expect(run.rejects).toEqual([]);
    const tasks = seedsOf(files.out, 'base');
    const fs = tasks.find((t) => t.id === 'bfcl-multi_turn_long_context_0-filesystem')!;
    const state = fs.initialState as { long_context: boolean; root: Record<string, FsNode> };
    expect(state.long_context).toBe(true);
    const documents = state.root.workspace!.contents!.document!.contents!;
    const original = 'Year2024 This is the final report content including budget analysis and other sections.';
    // The entry's own text stays last, under 40 generated lines; the innermost folders get generated files.
    expect(documents['final_report.pdf']!.content!.endsWith(`\n${original}`)).toBe(true);
    expect(documents['final_report.pdf']!.content!.split('\n')).toHaveLength(41);
    expect(Object.keys(state.root.workspace!.contents!.archive!.contents!).length).toBeGreaterThanOrEqual(10);
    const travel = tasks.find((t) => t.id === 'bfcl-multi_turn_long_context_151-travel')!;
    const wallet = travel.initialState as { credit_card_list: Record<string, unknown>; booking_record: Record<string, unknown> };
    expect(Object.keys(wallet.credit_card_list).length).toBeGreaterThan(8);
    expect(Object.keys(wallet.booking_record).length).toBeGreaterThanOrEqual(8);
    for (const task of tasks) expect(executeGold(task, registry).problems, task.id).toEqual([]);
    // Long context shows in results: book_flight lists the whole booking history, as in BFCL.
    const gold = executeGold(travel, registry);
    const booked = Object.values(gold.calls).find((c) => (c.result as { booking_status?: boolean })?.booking_status === true)!;
    expect(Object.keys((booked.result as { booking_history: object }).booking_history).length).toBeGreaterThan(8);
  });

  it('generates the same long-context content on every run and a different one per entry', () => {
    const once = subset('base', [], [asLongContext('multi_turn_base_0'), asLongContext('multi_turn_base_1')]);
    const twice = subset('base', [], [asLongContext('multi_turn_base_0'), asLongContext('multi_turn_base_1')]);
    importBfcl({ questions: [once.question], answers: once.answers, out: once.out }, registry);
    importBfcl({ questions: [twice.question], answers: twice.answers, out: twice.out }, registry);
    const file = 'seeds/BFCL_v4_multi_turn_base.yaml';
    expect(readFileSync(join(twice.out, file), 'utf8')).toBe(readFileSync(join(once.out, file), 'utf8'));
    const [a, b] = seedsOf(once.out, 'base');
    expect(canonicalJson(a!.initialState)).not.toBe(canonicalJson(b!.initialState));
  });
});

describe('asynctool import bfcl on the shared BFCL files', () => {
  it('converts and replays at least 99% of the entries of each file', () => {
    const out = mkdtempSync(join(tmpdir(), 'asynctool-bfcl-all-'));
    const names = ['base', 'miss_func', 'miss_param'].map((c) => `BFCL_v4_multi_turn_${c}.json`);
    importBfcl({ questions: names.map((n) => `${BFCL}/question/${n}`), answers: `${BFCL}/possible_answer`, out }, registry);
    const report = JSON.parse(readFileSync(join(out, 'import-report.json'), 'utf8')) as { sources: { entries: number; entriesConverted: number }[] };
    expect(report.sources).toHaveLength(3);
    for (const source of report.sources) {
      expect(source.entries).toBe(200);
      expect(source.entriesConverted / source.entries).toBeGreaterThanOrEqual(0.99);
    }
  });
});

describe('asynctool import bfcl with the wrong answers file', () => {
  it('says the answers match no entry instead of converting nothing', async () => {
    const base = subset('base', ['multi_turn_base_0', 'multi_turn_base_1']);
    const other = subset('miss_func', ['multi_turn_miss_func_0']);
    const answers = join(other.answers, 'BFCL_v4_multi_turn_miss_func.json');
    const res = await runCli(['import', 'bfcl', base.question, '--answers', answers, '--out', base.out]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`error: ${answers}: matches none of the 2 entry ids of ${base.question} (e.g. multi_turn_base_0); pass the possible_answer file of the same category.\n`);
  });

  it('says a garbage answers file holds no ground truth', async () => {
    const base = subset('base', ['multi_turn_base_0']);
    const garbage = join(base.out + '-garbage.jsonl');
    writeFileSync(garbage, '\u0000\u0001binary\n{"id": 3}\n');
    const res = await runCli(['import', 'bfcl', base.question, '--answers', garbage, '--out', base.out]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/holds no BFCL ground truth/);
  });
});
