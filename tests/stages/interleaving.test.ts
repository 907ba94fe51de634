import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toJsonl } from '../../pipeline/core/jsonl.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { Registry, loadToolkitDir } from '../../pipeline/world/registry.ts';
import { Sample } from '../../pipeline/schema/sample.ts';
import { runEpisode } from '../../pipeline/env/engine.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';
import { createOracle } from '../../pipeline/agents/oracle.ts';
import { runStage } from '../../pipeline/stages/runner.ts';
import { composeStage } from '../../pipeline/stages/compose/index.ts';
import { validateStage } from '../../pipeline/stages/validate.ts';
import type { Stage } from '../../pipeline/stages/stage.ts';
import { FIXTURES, fixtureConfig } from './support/fixtures.ts';
import { readJsonlFile, tempDir } from './support/run.ts';

// fx_session: one login shared by all tasks of a sample. In list or reversed order each task runs
// whole and succeeds; interleaved (as the oracle runs them), bob's logout lands while ann's slow
// create is in flight, so the create fails and the read that needs its id can never be made.
const SESSION = join(FIXTURES, 'session');
const TASKS = readJsonlFile(join(SESSION, 'tasks.jsonl'));
const registry = new Registry();
registry.add(await loadToolkitDir(join(SESSION, 'fx_session')));

async function run(stage: Stage, inputs: string[], config = fixtureConfig()) {
  const dir = tempDir('interleave-');
  const output = join(dir, `${stage.name}.jsonl`);
  const stats = await runStage(stage, { inputs, output }, { config, registry, logger: silentLogger });
  return { stats, out: readJsonlFile<Sample>(output), rejected: readJsonlFile<{ id: string; reason: string; detail: string }>(join(dir, `${stage.name}.rejected.jsonl`)) };
}

function clashing(): Sample {
  const [create, logout] = TASKS;
  return Sample.parse({
    id: 'k2-similar-0001',
    schemaVersion: 1,
    tasks: [
      { ...create, id: 'T1' },
      { ...logout, id: 'T2' },
    ],
    tools: ['fx_login', 'fx_logout', 'fx_whoami', 'fx_create_item', 'fx_read_item'],
    latencies: { 'T1.c1': 1, 'T1.c2': 6, 'T1.c3': 1, 'T1.c4': 1, 'T2.c1': 1, 'T2.c2': 1, 'T2.c3': 1 },
    meta: { pattern: 'similar', regime: 'realistic', turnCost: 1, oracleMakespan: 10, sequentialMakespan: 20, toolkits: ['fx_session'] },
  });
}

describe('tasks that interfere on a shared state when interleaved', () => {
  it('the oracle gives up a call whose input call failed and leaves that task unanswered instead of throwing', async () => {
    const trace = await runEpisode(clashing(), createOracle(), registry);
    expect(trace.calls.find((c) => c.tool === 'fx_create_item')?.status).toBe('error');
    expect(trace.calls.some((c) => c.tool === 'fx_read_item')).toBe(false);
    expect(trace.answers.map((a) => a.taskId)).toEqual(['T2']);
    expect(computeMakespans(clashing(), registry)).toMatchObject({ oracleMakespan: expect.any(Number) });
  });

  it('the validate stage rejects such a sample as oracle-failed', async () => {
    const dir = tempDir('interleave-in-');
    const input = join(dir, 'schedule.jsonl');
    writeFileSync(input, toJsonl([clashing()]));
    const { out, rejected } = await run(validateStage, [input]);
    expect(out).toEqual([]);
    expect(rejected.map((r) => [r.id, r.reason])).toEqual([['k2-similar-0001', 'oracle-failed']]);
  });

  it('compose rejects the clashing draw as order-dependent and fills the slot with another bundle', async () => {
    const config = fixtureConfig({ compose: { targets: { '2': 2 }, patterns: { independent: 0, similar: 1, chain: 0, 'fan-in': 0, mixed: 0 } }, schedule: { minAsyncRatio: 1 } });
    const { out, rejected } = await run(composeStage, [join(SESSION, 'tasks.jsonl')], config);
    const clash = rejected.filter((r) => r.reason === 'order-dependent' && /oracle/.test(r.detail));
    expect(clash.length).toBeGreaterThan(0);
    expect(clash[0]!.detail).toContain('does not solve T');
    expect(out.length).toBeGreaterThan(0);
    for (const s of out) expect(s.meta.provenance?.parents.slice().sort()).not.toEqual(['session-create', 'session-logout']);
  });
});
