/**
 * Builds tests/fixtures/datasets/small.jsonl: a dozen hand-composed samples from the real seeds
 * (2 and 3 tasks, cross-domain and same-toolkit, cross-task references, fan-in, expected errors),
 * with latencies drawn from each function's profile and meta filled by computeMakespans.
 *
 *   npx tsx tests/support/build-fixture-dataset.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rngFor } from '../../pipeline/core/rng.ts';
import { toJsonl } from '../../pipeline/core/jsonl.ts';
import { Sample, SCHEMA_VERSION, type Pattern } from '../../pipeline/schema/sample.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import { loadRegistry, type Registry } from '../../pipeline/world/registry.ts';
import { loadSeeds } from '../../pipeline/world/seeds.ts';
import { sampleLatency } from '../../pipeline/world/latency.ts';
import { computeMakespans } from '../../pipeline/gold/reference.ts';

type Extra = Omit<Task, 'id'> & { id?: string };

interface Recipe {
  id: string;
  pattern: Pattern;
  /** Seed ids, or whole tasks written here (for cross-task references). */
  tasks: (string | Extra)[];
}

const RECIPES: Recipe[] = [
  { id: 'fx-01', pattern: 'independent', tasks: ['math-001', 'string_manipulation-001'] },
  { id: 'fx-02', pattern: 'independent', tasks: ['trading-002', 'travel-003', 'filesystem-018'] },
  { id: 'fx-03', pattern: 'similar', tasks: ['trading-014', 'trading-010'] },
  {
    id: 'fx-04',
    pattern: 'chain',
    tasks: [
      'vehicle-018',
      {
        toolkit: 'math',
        query: 'Take the distance found in task T1, divide it by 60 and round the result to 2 decimal places.',
        calls: [
          { id: 'c1', tool: 'divide', args: { a: { $ref: 'c2.distance', task: 'T1' }, b: 60 } },
          { id: 'c2', tool: 'round_number', args: { number: { $ref: 'c1.result' }, decimal_places: 2 } },
        ],
        answer: { $ref: 'c2.result' },
      },
    ],
  },
  { id: 'fx-05', pattern: 'fan-in', tasks: ['data_generation-003', 'social-013'] },
  { id: 'fx-06', pattern: 'independent', tasks: ['ticket-005', 'vehicle-004'] },
  { id: 'fx-07', pattern: 'independent', tasks: ['data_management-006', 'data_format-014', 'travel-013'] },
  { id: 'fx-08', pattern: 'similar', tasks: ['math-004', 'math-009', 'math-012'] },
  { id: 'fx-09', pattern: 'mixed', tasks: ['social-001', 'ticket-001', 'string_manipulation-004'] },
  {
    id: 'fx-10',
    pattern: 'chain',
    tasks: [
      'string_manipulation-010',
      {
        toolkit: 'math',
        query: 'Take the word count from task T1 and compute what percentage it is of 50, rounded to 1 decimal place.',
        calls: [
          { id: 'c1', tool: 'percentage', args: { part: { $ref: 'c1.words', task: 'T1' }, whole: 50 } },
          { id: 'c2', tool: 'round_number', args: { number: { $ref: 'c1.result' }, decimal_places: 1 } },
        ],
        answer: { $ref: 'c2.result' },
      },
    ],
  },
  { id: 'fx-11', pattern: 'independent', tasks: ['message-001', 'data_generation-014'] },
  { id: 'fx-12', pattern: 'mixed', tasks: ['travel-007', 'data_format-003', 'vehicle-001'] },
];

/** Two functions per toolkit that no task uses, so a wrong tool is always on offer. */
function distractors(registry: Registry, toolkits: string[], used: Set<string>): string[] {
  return toolkits.flatMap((tk) =>
    registry
      .toolkit(tk)!
      .def.functions.map((f) => f.name)
      .filter((n) => !used.has(n))
      .slice(0, 2),
  );
}

async function build(): Promise<Sample[]> {
  const registry = await loadRegistry();
  const seeds = new Map(loadSeeds(['seeds']).map((s) => [s.task.id, s.task]));
  const samples: Sample[] = [];
  for (const recipe of RECIPES) {
    const tasks: Task[] = recipe.tasks.map((t, i) => {
      const base = typeof t === 'string' ? seeds.get(t) : ({ ...t, id: `fixture-${recipe.id}-${i + 1}` } as Task);
      if (!base) throw new Error(`no seed ${String(t)}`);
      return { ...structuredClone(base), id: `T${i + 1}`, provenance: { parents: [typeof t === 'string' ? t : 'hand-written'], operators: [] } };
    });
    const toolkits = [...new Set(tasks.map((t) => t.toolkit))];
    const used = new Set(tasks.flatMap((t) => t.calls.map((c) => c.tool)));
    const latencies: Record<string, number> = {};
    for (const t of tasks) {
      for (const c of t.calls) latencies[`${t.id}.${c.id}`] = sampleLatency(registry.fn(c.tool)!.def.latency, rngFor('fixture', recipe.id, t.id, c.id));
    }
    const draft = Sample.parse({
      id: recipe.id,
      schemaVersion: SCHEMA_VERSION,
      tasks,
      tools: [...used, ...distractors(registry, toolkits, used)],
      latencies,
      meta: {
        pattern: recipe.pattern,
        regime: 'realistic',
        turnCost: 1,
        oracleMakespan: 0,
        sequentialMakespan: 0,
        toolkits,
        provenance: { parents: recipe.tasks.map((t) => (typeof t === 'string' ? t : 'hand-written')), operators: ['fixture'] },
      },
    });
    const spans = await computeMakespans(draft, registry);
    samples.push({ ...draft, meta: { ...draft.meta, ...spans } });
  }
  return samples;
}

const out = fileURLToPath(new URL('../fixtures/datasets/small.jsonl', import.meta.url));
const samples = await build();
writeFileSync(out, toJsonl(samples));
process.stdout.write(`wrote ${samples.length} samples to ${out}\n`);
