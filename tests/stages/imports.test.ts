import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadConfig } from '../../pipeline/config/load.ts';
import { ConfigError } from '../../pipeline/core/errors.ts';
import { rngFor } from '../../pipeline/core/rng.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { importBfcl } from '../../pipeline/import/run.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { loadSeeds } from '../../pipeline/world/seeds.ts';
import { buildDataset } from '../../pipeline/stages/build.ts';
import { runStage } from '../../pipeline/stages/runner.ts';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { buildBundle } from '../../pipeline/stages/compose/bundle.ts';
import { mergeInitialStates } from '../../pipeline/stages/compose/merge.ts';
import { planBundle } from '../../pipeline/stages/compose/plan.ts';
import { TaskPool } from '../../pipeline/stages/compose/pool.ts';
import { BalancedSampler } from '../../pipeline/stages/compose/sampler.ts';
import { loadTemplates } from '../../pipeline/stages/evolve/templates.ts';
import { validateSample } from '../../pipeline/validate/record.ts';
import { PipelineConfig } from '../../pipeline/config/schema.ts';
import type { Sample } from '../../pipeline/schema/sample.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import type { StageStats } from '../../pipeline/stages/stage.ts';
import { readJsonlFile, tempDir } from './support/run.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** The BFCL data is not in the repository (see docs/importing.md); it is read in place, never copied here. */
const BFCL = resolve(REPO, '../shared/external/bfcl');
const QUESTIONS = 'BFCL_v4_multi_turn_base.json';
/** A handful of entries whose classes follow the four toolkits of the hand-written seeds below. */
const ENTRIES = [100, 101, 102, 103, 104, 105, 106, 107, 108, 150, 152, 153, 154, 155, 156, 158].map((n) => `multi_turn_base_${n}`);
const HAND_WRITTEN = ['trading', 'travel', 'ticket', 'message'].map((t) => resolve(REPO, 'seeds', `${t}.yaml`));
const TARGETS = { '2': 30, '3': 30 };

const isImported = (t: Task) => t.provenance?.operators.includes('import:bfcl') ?? false;

/** The chosen entries and their answers, written as one question file and an answers folder for the importer. */
function bfclSubset(dir: string): { question: string; answers: string } {
  const pick = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && ENTRIES.includes((JSON.parse(line) as { id: string }).id))
      .join('\n');
  const question = join(dir, 'question', QUESTIONS);
  const answers = join(dir, 'answers');
  mkdirSync(join(dir, 'question'));
  mkdirSync(answers);
  writeFileSync(question, pick(join(BFCL, 'question', QUESTIONS)));
  writeFileSync(join(answers, QUESTIONS), pick(join(BFCL, 'possible_answer', QUESTIONS)));
  return { question, answers };
}

function writeConfig(dir: string, imports: string[]): string {
  const file = join(dir, 'pipeline.yaml');
  // A two-task chain over these four toolkits (a fare, then the trading task that covers it) is
  // serial by nature, so the asynchrony floor would leave its slots empty; the floor is tested in
  // schedule-validate.test.ts, composition of imported tasks here.
  const config = {
    workDir: 'work',
    outDir: 'out',
    seeds: HAND_WRITTEN,
    imports,
    evolve: { rule: { values: 1 } },
    compose: { targets: TARGETS, attempts: 400 },
    schedule: { minAsyncRatio: 1 },
  };
  writeFileSync(file, stringify(config));
  return file;
}

const outputs = (dir: string) => Object.fromEntries(['asynctool.jsonl', 'DATASET_CARD.md', 'manifest.json'].map((f) => [f, readFileSync(join(dir, 'out', f), 'utf8')]));
const report = (dir: string, stage: string) => JSON.parse(readFileSync(join(dir, 'work', `${stage}.report.json`), 'utf8')) as StageStats;

describe.skipIf(!existsSync(BFCL))('a dataset built from hand-written plus imported BFCL seeds', async () => {
  const registry = await loadRegistry();
  const importDir = join(tempDir('import-'), 'bfcl');
  const subset = bfclSubset(tempDir('bfcl-subset-'));
  const run = importBfcl({ questions: [subset.question], answers: subset.answers, out: importDir }, registry);

  const first = tempDir('imports-build-');
  const { config } = loadConfig(writeConfig(first, [importDir]));
  await buildDataset(config, { registry, logger: silentLogger });
  const samples = readJsonlFile<Sample>(join(first, 'out/asynctool.jsonl'));

  it('imports the chosen entries as seeds', () => {
    expect(run.reports[0]!.entries).toBe(ENTRIES.length);
    expect(run.reports[0]!.tasksWritten).toBeGreaterThanOrEqual(ENTRIES.length);
    expect(readdirSync(join(importDir, 'seeds'))).toEqual([QUESTIONS.replace('.json', '.yaml')]);
  });

  it('loads the imported seeds beside the hand-written ones and reaches the compose targets', () => {
    // Counted from the seed files, not written down: a seed added to one of them does not break this test.
    expect(report(first, 'seed')).toMatchObject({ in: loadSeeds(HAND_WRITTEN).length + run.reports[0]!.tasksWritten, rejected: {} });
    const compose = report(first, 'compose');
    expect(compose.out).toBe(TARGETS['2'] + TARGETS['3']);
    expect(compose.extra?.unfilled).toEqual([]);
  });

  it('composes imported tasks into valid samples that carry their provenance', () => {
    const withImported = samples.filter((s) => s.tasks.some(isImported));
    // rule:values varies only typed slots (language.yaml values:), so imported tasks have fewer
    // children than with name-keyed pools; 3 of the 60 slots still carry one.
    expect(withImported.length).toBeGreaterThanOrEqual(3);
    for (const s of withImported) {
      expect(s.meta.provenance?.operators).toContain('import:bfcl');
      expect(s.meta.provenance?.source).toMatch(/^BFCL v3 multi_turn_base_\d+/);
      for (const t of s.tasks.filter(isImported)) expect(t.provenance?.source).toMatch(/^BFCL v3 multi_turn_base_\d+ \(Apache-2\.0\)$/);
    }
    for (const s of samples) expect(validateSample(s, registry)).toEqual([]);
  });

  it('passes the oracle replay of the validate stage on every sample', () => {
    expect(config.validate.oracle).toBe(true);
    const validate = report(first, 'validate');
    expect(validate.rejected).toEqual({});
    expect(validate.out).toBe(validate.in);
  });

  it('credits BFCL in the card with the counts, and lists the import folder in the manifest', () => {
    const card = readFileSync(join(first, 'out/DATASET_CARD.md'), 'utf8');
    const imported = samples.flatMap((s) => s.tasks).filter(isImported).length;
    const withImported = samples.filter((s) => s.tasks.some(isImported)).length;
    expect(card).toContain('## Source data');
    expect(card).toMatch(new RegExp(`\\| \\[BFCL\\]\\(https://github\\.com/ShishirPatil/gorilla[^)]*\\) \\| ShishirPatil/gorilla \\| Apache-2\\.0 \\| \\d+ \\| ${imported} \\| ${withImported} \\|`));
    expect(card).toContain(`- ${JSON.parse(readFileSync(join(importDir, 'import-report.json'), 'utf8')).credit}.`);
    const manifest = JSON.parse(readFileSync(join(first, 'out/manifest.json'), 'utf8'));
    expect(Object.values(manifest.inputs.imports)).toEqual([{ importer: 'bfcl', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  it('gives a byte-identical dataset, card and manifest when built again with the same config', async () => {
    const second = tempDir('imports-build-');
    const again = loadConfig(writeConfig(second, [importDir])).config;
    await buildDataset(again, { registry, logger: silentLogger });
    expect(outputs(second)).toEqual(outputs(first));
  });

  it('never draws two tasks whose states cannot be shared, and rejects such a bundle with its reason', () => {
    const tasks = readJsonlFile<Task>(join(first, 'work/evolve.jsonl'));
    const pool = new TaskPool(tasks, registry);
    const sampler = new BalancedSampler(pool);
    const bundleConfig = PipelineConfig.parse({ compose: { targets: TARGETS } });
    for (let i = 0; i < 60; i++) {
      const plan = planBundle('similar', 2, { rng: rngFor(7, 'similar', i), sampler, pool, registry, bridges: [], slack: 0 });
      if ('reason' in plan) continue;
      expect(mergeInitialStates(plan.entries.map((e) => e.task.initialState)).ok).toBe(true);
      sampler.commit(plan.entries);
    }
    // Two imported seeds of one toolkit whose states disagree, as the importer warns they usually do.
    const seeds = [...pool.byToolkit.values()].flat().filter((e) => isImported(e.task) && e.root === e.task.id);
    const [a, b] = seeds.flatMap((x) =>
      seeds.filter((y) => y.task.toolkit === x.task.toolkit && y.root > x.root && !mergeInitialStates([x.task.initialState, y.task.initialState]).ok).map((y) => [x, y]),
    )[0]!;
    expect(pool.compatible(a!, b!)).toBe(false);
    const env = { registry, config: bundleConfig, templates: loadTemplates(), toolkits: pool.toolkits };
    const result = buildBundle({ id: 'k2-similar-x', pattern: 'similar', entries: [a!, b!], links: [] }, rngFor(1), env);
    expect(result).toMatchObject({ ok: false, reason: 'state-conflict' });
  });
});

describe('the imports option', () => {
  it('is a ConfigError naming the option and the path when a folder is missing or has no seeds/', () => {
    const dir = tempDir('imports-config-');
    const missing = join(dir, 'nope');
    expect(() => loadConfig(writeConfig(dir, [missing]))).toThrowError(ConfigError);
    expect(() => loadConfig(writeConfig(dir, [missing]))).toThrowError(new RegExp(`pipeline\\.yaml:\\d+, at \\$\\.imports\\[0\\]: imports lists ${missing}, which does not exist`));
    mkdirSync(join(dir, 'empty'));
    expect(() => loadConfig(writeConfig(dir, [join(dir, 'empty')]))).toThrowError(/at \$\.imports\[0\]: imports lists .*empty, which has no seeds\/ folder/);
  });

  it('adds the imported seed files to the seed stage inputs, so changing one reruns the stage', async () => {
    const registry = await loadRegistry();
    const dir = tempDir('imports-seed-');
    const importDir = join(dir, 'imp');
    mkdirSync(join(importDir, 'seeds'), { recursive: true });
    const seed = readFileSync(HAND_WRITTEN[0]!, 'utf8');
    writeFileSync(join(importDir, 'seeds', 'one.yaml'), seed.slice(0, seed.indexOf('\n- id:', 10)).replace(/id: trading-(\d+)/, 'id: imported-$1'));
    const config = PipelineConfig.parse({ seeds: [HAND_WRITTEN[1]!], imports: [importDir] });
    const run = () => runStage(seedStage, { inputs: config.seeds, output: join(dir, 'seed.jsonl') }, { config, registry, logger: silentLogger });
    const once = await run();
    expect(readJsonlFile<Task>(join(dir, 'seed.jsonl')).map((t) => t.id)).toContain('imported-001');
    // the travel seeds plus the one imported
    expect(once.in).toBe(loadSeeds([HAND_WRITTEN[1]!]).length + 1);
    expect((await run()).skipped).toBe(true);
    appendFileSync(join(importDir, 'seeds', 'one.yaml'), '# edited\n');
    expect((await run()).skipped).toBeUndefined();
    const broken = PipelineConfig.parse({ seeds: [HAND_WRITTEN[1]!], imports: [join(dir, 'gone')] });
    await expect(runStage(seedStage, { inputs: broken.seeds, output: join(dir, 'x.jsonl') }, { config: broken, registry, logger: silentLogger })).rejects.toThrowError(
      /at \$\.imports\[0\]: imports lists/,
    );
  });
});
