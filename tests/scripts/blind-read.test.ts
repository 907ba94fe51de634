import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { prepareRead, reportFolders } from '../../scripts/blind-read/commands.ts';
import { runCli } from '../support/cli.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/datasets/small.jsonl');
const ids = (dir: string): string[] => JSON.parse(readFileSync(join(dir, 'ids.json'), 'utf8'));

// The reader folders hold only what a blind reader may see, drawn reproducibly, and the report
// turns what the readers recorded into the table.
describe('blind read kit', () => {
  let work: string;
  let dataset: string;
  let run: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'blind-read-'));
    dataset = join(work, 'data', 'asynctool.jsonl');
    execFileSync('mkdir', ['-p', join(work, 'data')]);
    copyFileSync(FIXTURE, dataset);
    writeFileSync(join(work, 'data', 'DATASET_CARD.md'), '# card\n');
    run = join(work, 'run');
    const res = await runCli(['evaluate', '--agent', 'oracle', '--dataset', dataset, '--out', run, '--no-report'], { cwd: work });
    expect(res.code, res.stderr).toBe(0);
    // Every test reads these folders, whatever order the tests run in.
    await prepare('a', 7);
    await prepare('b', 7);
    await prepare('c', 8);
  });

  const prepare = (out: string, seed: number, samples = 8) => prepareRead({ dataset, run, seed, samples, readers: 2, out: join(work, out), toolkits: [] });

  it('deals a seeded draw over the readers, the same for the same seed', async () => {
    const [a1, a2] = [ids(join(work, 'a', 'reader-1')), ids(join(work, 'a', 'reader-2'))];
    expect(a1).toHaveLength(4);
    expect(a2).toHaveLength(4);
    expect(new Set([...a1, ...a2]).size).toBe(8);
    for (const f of ['render.txt', 'ids.json', 'BRIEF.md']) {
      expect(readFileSync(join(work, 'b', 'reader-1', f), 'utf8').replace(/\/b\//g, '/a/')).toBe(readFileSync(join(work, 'a', 'reader-1', f), 'utf8'));
    }
    expect([...ids(join(work, 'c', 'reader-1')), ...ids(join(work, 'c', 'reader-2'))]).not.toEqual([...a1, ...a2]);
  });

  it('renders every task with its gold path and what the reference run returned, and nothing else of the project', async () => {
    const dir = join(work, 'a', 'reader-1');
    expect(readdirSync(dir).sort()).toEqual(['BRIEF.md', 'DATASET_CARD.md', 'ids.json', 'record.mjs', 'render.txt', 'toolkits']);
    const text = readFileSync(join(dir, 'render.txt'), 'utf8');
    const samples = readFileSync(dataset, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const toolkits = new Set<string>();
    for (const id of ids(dir)) {
      const s = samples.find((x) => x.id === id);
      expect(text).toContain(`] ${id}\n`);
      for (const t of s.tasks) {
        toolkits.add(t.toolkit);
        expect(text).toContain(`  ${t.id}: ${t.query}\n`);
        for (const c of t.calls) expect(text).toContain(`gold call ${c.id}: ${c.tool}(${JSON.stringify(c.args)})`);
      }
    }
    expect(text).toContain('=> value given by the reference run: ');
    expect(text).toContain('reference run, call results (in completion order):');
    expect(text).not.toMatch(/value given by the reference run: undefined/);
    expect(readdirSync(join(dir, 'toolkits')).sort()).toEqual([...toolkits].sort().map((t) => `${t}.yaml`));
    expect(readFileSync(join(dir, 'BRIEF.md'), 'utf8')).toContain(`your folder ${dir} `);
  });

  it('records verdict lines, refusing malformed ones by line, and reports the table by origin', async () => {
    // Folder b holds the same draw as a; a stays as prepare left it for the test that lists its files.
    const dir = join(work, 'b', 'reader-1');
    const samples = readFileSync(dataset, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const [first, second] = ids(dir).map((id) => samples.find((x) => x.id === id));
    const lines = [
      ...first.tasks.map((t: { id: string }) => `0|${t.id}|R|first thought`),
      ...first.tasks.map((t: { id: string }) => `0|${t.id}|A|fine`),
      `1|${second.tasks[0].id}|L|"awkward" -> "plain"`,
      '1|T1|Q|not a verdict',
    ];
    const out = execFileSync(process.execPath, [join(dir, 'record.mjs')], { input: `${lines.join('\n')}\n`, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    expect(out).toBe(`${first.tasks.length * 2 + 1} verdicts recorded\n`);
    const table = await reportFolders(dataset, [dir, join(work, 'b', 'reader-2')]);
    const judged = first.tasks.length + 1;
    // The last verdict for a task counts; a sample is judged only when all its tasks are.
    expect(table).toContain(`| all tasks | ${judged} | ${Math.round((100 * first.tasks.length) / judged)}% | ${Math.round(100 / judged)}% | 0% |`);
    expect(table).toContain(`samples judged ${second.tasks.length === 1 ? 2 : 1} of 8; every task accepted: 1`);
  });

  it('refuses a reference run of another build, since sample ids recur across builds', async () => {
    const other = join(work, 'other', 'asynctool.jsonl');
    execFileSync('mkdir', ['-p', join(work, 'other')]);
    writeFileSync(other, readFileSync(dataset, 'utf8').split('\n').slice(1).join('\n'));
    writeFileSync(join(work, 'other', 'DATASET_CARD.md'), '# card\n');
    await expect(prepareRead({ dataset: other, run, seed: 1, samples: 2, readers: 1, out: join(work, 'y'), toolkits: [] })).rejects.toThrow(/not made on this dataset/);
    await expect(prepareRead({ dataset, run, seed: 1, samples: 2, readers: 0, out: join(work, 'y'), toolkits: [] })).rejects.toThrow(/--readers must be a whole number of at least 1/);
    expect(existsSync(join(work, 'y'))).toBe(false);
  });

  it('refuses a verdict line that is not a verdict, naming the file and line', async () => {
    await prepare('d', 9, 2);
    const dir = join(work, 'd', 'reader-1');
    writeFileSync(
      join(dir, 'verdicts.jsonl'),
      `${JSON.stringify({ sample: 'x', task: 'T1', verdict: 'accept', reason: '' })}\n${JSON.stringify({ sample: 'x', task: 'T1', verdict: 'maybe', reason: '' })}\n`,
    );
    await expect(reportFolders(dataset, [dir])).rejects.toThrow(/verdicts\.jsonl:2.*verdict/);
  });

  it('refuses a dataset without its card, naming the file', async () => {
    const bare = join(work, 'bare.jsonl');
    copyFileSync(FIXTURE, bare);
    await expect(prepareRead({ dataset: bare, run, seed: 1, samples: 2, readers: 1, out: join(work, 'x'), toolkits: [] })).rejects.toThrow(UserInputError);
    expect(existsSync(join(work, 'x'))).toBe(false);
  });
});
