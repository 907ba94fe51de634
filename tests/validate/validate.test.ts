import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { validatePaths, type LocatedProblem } from '../../pipeline/validate/files.ts';
import { runCli } from '../support/cli.ts';
import { queryMentions, queryStates } from '../../pipeline/validate/literals.ts';

const FIX = 'tests/fixtures/validate';
const registry = await loadRegistry(['tests/fixtures/toolkits']);

async function problemsOf(...paths: string[]): Promise<LocatedProblem[]> {
  const problems: LocatedProblem[] = [];
  await validatePaths(paths, registry, (p) => problems.push(p));
  return problems;
}

function one(problems: LocatedProblem[], record: string): LocatedProblem {
  const found = problems.filter((p) => p.record === record);
  expect(found, `problems of ${record}`).toHaveLength(1);
  return found[0]!;
}

describe('asynctool validate', () => {
  it('accepts a valid seed file with an expected tool error and an ordering constraint', async () => {
    expect(await problemsOf(`${FIX}/good.yaml`)).toEqual([]);
  });

  it('names the calls of a $ref cycle', async () => {
    const [p] = await problemsOf(`${FIX}/cycle.yaml`);
    expect(p!.record).toBe('cycle-1');
    expect(p!.path).toBe('$.calls');
    expect(p!.message).toMatch(/c1 -> c2 -> c1|c2 -> c1 -> c2/);
  });

  it('reports a reference to a call that does not exist, with its JSON path', async () => {
    const [p] = await problemsOf(`${FIX}/missing-call.yaml`);
    expect(p).toMatchObject({ record: 'missing-1', path: '$.calls[1].args.name' });
    expect(p!.message).toContain('"c9", which is not a call of this task');
  });

  it('explains every semantic problem of a JSONL file by line, record and path', async () => {
    const problems = await problemsOf(`${FIX}/semantics.jsonl`);
    expect(one(problems, 'wrong-type')).toMatchObject({ line: 1, path: '$.calls[0].args' });
    expect(one(problems, 'wrong-type').message).toMatch(/argument amount must be integer/);
    expect(one(problems, 'unknown-field').message).toMatch(/unknown field "colour"/);
    expect(one(problems, 'unstated-literal')).toMatchObject({ path: '$.calls[0].args.amount' });
    expect(one(problems, 'unstated-literal').message).toMatch(/value 2 is not stated in the query/);
    expect(one(problems, 'bad-path').message).toMatch(/reference c1.nothing does not resolve/);
    expect(one(problems, 'wrong-answer').message).toMatch(/answer 6 appears in no gold call result/);
    expect(one(problems, 'unknown-tool').message).toMatch(/unknown function "counter_mul"; toolkit counter offers counter_add, counter_get/);
    expect(one(problems, 'unexpected-error').message).toMatch(/failed with the tool error "no counter named pears"/);
    const truncated = problems.find((p) => p.line === 8)!;
    expect(truncated.message).toMatch(/not valid JSON/);
  });

  it('counts a code value written in words as stated, and nothing looser', () => {
    expect(queryStates('Sign in with read-write access.', 'read_write')).toBe(true);
    expect(queryStates('Unlock the rear left and rear right doors.', 'rear_left')).toBe(true);
    expect(queryStates('Sign in with read access.', 'read_write')).toBe(false);
    expect(queryStates('Unlock the left door.', 'rear_left')).toBe(false);
    // Operators that rewrite a value's text keep the exact form, so they never vary a value written in words.
    expect(queryMentions('Sign in with read-write access.', 'read_write')).toBe(false);
  });

  it('never crashes on garbage: empty files, binary data, a 50 MB line, wrong top-level types', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asynctool-garbage-'));
    writeFileSync(join(dir, 'binary.jsonl'), randomBytes(200_000));
    writeFileSync(join(dir, 'huge.jsonl'), `{"id":"huge","query":"${'x'.repeat(50 * 1024 * 1024)}"}\n`);
    writeFileSync(join(dir, 'types.jsonl'), '[1,2]\n"text"\nnull\n{"id":7,"tasks":"many"}\n');
    writeFileSync(join(dir, 'binary.yaml'), randomBytes(5000));
    writeFileSync(join(dir, 'truncated.json'), '{"id": "t", "calls": [');
    const problems = await problemsOf(`${FIX}/empty.jsonl`, dir);
    const files = new Set(problems.map((p) => p.file.split('/').pop()));
    expect([...files].sort()).toEqual(['binary.jsonl', 'binary.yaml', 'empty.jsonl', 'huge.jsonl', 'truncated.json', 'types.jsonl']);
    expect(problems.find((p) => p.file.endsWith('empty.jsonl'))!.message).toMatch(/empty/);
    expect(
      problems
        .filter((p) => p.file.endsWith('types.jsonl'))
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/not an array[\s\S]*not string[\s\S]*not null/);
  });

  it('exits 1 with located messages, and 0 on valid input', async () => {
    const bad = await runCli(['validate', '--toolkits', 'tests/fixtures/toolkits', `${FIX}/missing-call.yaml`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('tests/fixtures/validate/missing-call.yaml record missing-1 $.calls[1].args.name:');
    const good = await runCli(['validate', '--toolkits', 'tests/fixtures/toolkits', `${FIX}/good.yaml`]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('1 valid task(s) over 1 toolkit(s)');
  });
});

describe('terminal safety', () => {
  it('prints control bytes from a file escaped, so a file cannot rewrite the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'asynctool-esc-'));
    writeFileSync(join(dir, 'evil.jsonl'), '\u001b]0;PWNED\u0007{"a":1\n');
    const res = await runCli(['validate', join(dir, 'evil.jsonl')]);
    expect(res.code).toBe(1);
    expect(res.stderr).not.toMatch(/[\u001b\u0007]/);
    expect(res.stderr).toContain('\\u001b');
  });
});
