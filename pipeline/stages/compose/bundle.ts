import { canonicalJson } from '../../core/canonical.ts';
import type { Rng } from '../../core/rng.ts';
import type { ComposePattern, PipelineConfig } from '../../config/schema.ts';
import { SCHEMA_VERSION, type Sample } from '../../schema/sample.ts';
import type { Call, Provenance, Task } from '../../schema/task.ts';
import { collectRefs } from '../../world/refs.ts';
import type { Registry } from '../../world/registry.ts';
import { replaySampleGold } from '../../world/replay.ts';
import { SimulatorCrash } from '../../world/simulator.ts';
import { checkAnswer, checkTaskStructure } from '../../validate/task.ts';
import { checkContract } from '../../validate/contract.ts';
import type { Templates } from '../evolve/templates.ts';
import { mergeInitialStates } from './merge.ts';
import { replayBundle } from './replay.ts';
import type { BundleMemo } from './memo.ts';
import { offeredTools } from './distractors.ts';
import type { PoolTask } from './pool.ts';
import { compareIds } from '../runner.ts';
import { importOperator, importOrigins } from '../imported.ts';

export interface BundleSpec {
  id: string;
  pattern: ComposePattern;
  entries: PoolTask[];
  /** Cross-task dependencies as [producer index, consumer index] into `entries` (already referenced by the bridge tasks). */
  links: [number, number][];
  /** Operators per entry index, for provenance (`bridge:<id>`). */
  operators?: Record<number, string[]>;
}

export interface BundleEnv {
  registry: Registry;
  config: PipelineConfig;
  templates: Templates;
  /** Every toolkit of the corpus, for cross-toolkit distractors. */
  toolkits: readonly string[];
  /** Contract verdicts of tasks that run as in the pool, kept across bundles. */
  memo?: BundleMemo;
}

export type BundleResult = { ok: true; sample: Sample } | { ok: false; reason: string; detail: string };

interface Member {
  tid: string;
  entry: PoolTask;
  task: Task;
  operators: string[];
}

/**
 * Turns chosen tasks into a draft sample (latencies and makespans come in the schedule stage):
 * ids T1..Tn, cross-task dependencies, merged toolkit states, offered tools; then replays the
 * gold paths on the shared states and rejects bundles that fail or depend on task order.
 */
export function buildBundle(spec: BundleSpec, rng: Rng, env: BundleEnv): BundleResult {
  // Cross-task dependencies were made by the planner: bridge tasks reference their producers.
  const members: Member[] = spec.entries.map((entry, i) => ({ tid: `T${i + 1}`, entry, task: { ...entry.task, id: `T${i + 1}` }, operators: [...(spec.operators?.[i] ?? [])] }));

  for (const toolkit of new Set(members.map((m) => m.task.toolkit))) {
    const same = members.filter((m) => m.task.toolkit === toolkit);
    if (same.length < 2) continue;
    const merged = mergeInitialStates(same.map((m) => m.task.initialState));
    if (!merged.ok) return fail('state-conflict', `${toolkit}: ${merged.conflict}`);
    for (const m of same) if (m.task.initialState) m.task = { ...m.task, initialState: merged.state };
  }

  const tasks = members.map((m) => ({ ...m.task, provenance: taskProvenance(m) }));
  // The replays read the tasks only: a rejected bundle never needs its offered tools drawn.
  const problem = replayProblem(
    tasks,
    members.map((m) => m.entry),
    env.registry,
    env.memo,
  );
  if (problem) return fail(problem.reason, problem.detail);
  const toolkits = [...new Set(tasks.map((t) => t.toolkit))].sort(compareIds);
  const gold = [...new Set(tasks.flatMap((t) => t.calls.map((c) => c.tool)))];
  const { distractors, sameToolkitDistractors } = env.config.compose;
  const sample: Sample = {
    id: spec.id,
    schemaVersion: SCHEMA_VERSION,
    tasks,
    tools: offeredTools(rng, env.registry, gold, toolkits, env.toolkits, distractors, sameToolkitDistractors),
    latencies: {},
    meta: {
      pattern: spec.pattern,
      regime: 'unscheduled',
      turnCost: env.config.schedule.turnCost,
      oracleMakespan: 0,
      sequentialMakespan: 0,
      toolkits,
      seed: env.config.seed,
      provenance: sampleProvenance(spec, members),
    },
  };
  return { ok: true, sample };
}

function replayProblem(tasks: Task[], entries: readonly PoolTask[], registry: Registry, memo?: BundleMemo): { reason: string; detail: string } | undefined {
  const sample = { tasks };
  const ids = new Map(sample.tasks.map((t) => [t.id, new Set(t.calls.map((c) => c.id))]));
  for (const [i, task] of sample.tasks.entries()) {
    const p = checkTaskStructure(task, registry, `$.tasks[${i}]`, ids)[0];
    if (p) return { reason: /not stated in the query/.test(p.message) ? 'literal-missing' : 'structure', detail: `${p.path}: ${p.message}` };
  }
  // Calls without references keep their written arguments whatever the replay does: two of them
  // alike reject the bundle before any replay.
  const literal = duplicateCall(tasks, (_, call) => (collectRefs(call.args).length === 0 ? call.args : undefined));
  if (literal) return literal;
  try {
    const run = replayBundle(tasks, entries, registry);
    const p = run.problems[0] ?? sample.tasks.flatMap((t, i) => checkAnswer(t, run.tasks[t.id]!, `$.tasks[${i}]`))[0];
    if (p) return { reason: 'replay', detail: `${p.path}: ${p.message}` };
    const peerOf = (tid: string) => sample.tasks.find((x) => x.id === tid);
    const c = sample.tasks.flatMap((t, i) => {
      const taskRun = run.tasks[t.id]!;
      const entry = entries[i]!;
      if (!memo || taskRun !== entry.run) return checkContract(t, taskRun, registry, `$.tasks[${i}]`, peerOf);
      // Checked once from `$`, then placed at this task's index: the same paths the direct check gives.
      return memo.contract(entry, taskRun, () => checkContract(t, taskRun, registry, '$', peerOf)).map((p) => ({ ...p, path: `$.tasks[${i}]${p.path.slice(1)}` }));
    })[0];
    if (c) return { reason: `contract:${c.rule}`, detail: `${c.path}: ${c.message}` };
    const duplicate = duplicateCall(tasks, (task, call) => run.tasks[task.id]!.calls[call.id]!.args);
    if (duplicate) return duplicate;
    // Tasks sharing a toolkit must not depend on which runs first: the oracle interleaves them.
    if (new Set(sample.tasks.map((t) => t.toolkit)).size < sample.tasks.length) {
      const reversed = replaySampleGold({ tasks: [...sample.tasks].reverse() }, registry);
      if (reversed.problems.length > 0 || outcome(reversed) !== outcome(run)) {
        return { reason: 'order-dependent', detail: 'tasks sharing a toolkit give different results when run in another order' };
      }
    }
  } catch (err) {
    if (err instanceof SimulatorCrash) return { reason: 'simulator-crash', detail: err.message };
    throw err;
  }
  return undefined;
}

/**
 * The same call (tool and resolved arguments) in two tasks cannot be told apart when an agent
 * makes it once: which task did it serve? `argsOf` gives a call's arguments, undefined to skip it.
 */
function duplicateCall(tasks: readonly Task[], argsOf: (task: Task, call: Call) => unknown): { reason: string; detail: string } | undefined {
  const seen = new Map<string, string>();
  for (const task of tasks) {
    for (const call of task.calls) {
      const args = argsOf(task, call);
      if (args === undefined) continue;
      const key = canonicalJson([call.tool, args]);
      const other = seen.get(key);
      if (other && !other.startsWith(`${task.id}.`)) return { reason: 'duplicate-call', detail: `${other} and ${task.id}.${call.id} make the same ${call.tool} call` };
      seen.set(key, `${task.id}.${call.id}`);
    }
  }
  return undefined;
}

function outcome(run: ReturnType<typeof replaySampleGold>): string {
  const results = Object.fromEntries(Object.entries(run.tasks).map(([id, r]) => [id, { calls: r.calls, answer: r.answer }]));
  return canonicalJson({ results, states: run.finalStates });
}

function taskProvenance(m: Member): Provenance {
  const p = m.entry.task.provenance ?? { parents: [], operators: [] };
  return { ...p, parents: [m.entry.task.id, ...p.parents], operators: [...p.operators, ...m.operators] };
}

/**
 * The sample's lineage: its tasks, the compose operators, and, for tasks imported from a public
 * benchmark, their `import:<source>` operators and sources, so the sample shows where it came from.
 */
function sampleProvenance(spec: BundleSpec, members: readonly Member[]): Provenance {
  const prompts = new Map<string, { id: string; hash: string }>();
  const models = new Set<string>();
  const imports = new Set<string>();
  const sources = new Set<string>();
  for (const m of members) {
    const p = m.entry.task.provenance;
    for (const prompt of p?.prompts ?? []) prompts.set(prompt.id, prompt);
    if (p?.model) models.add(p.model);
    for (const origin of importOrigins(p)) imports.add(importOperator(origin));
    if (p?.source) sources.add(p.source);
  }
  return {
    parents: members.map((m) => m.entry.task.id),
    operators: [`compose:${spec.pattern}`, ...[...imports].sort(compareIds), ...new Set(members.flatMap((m) => m.operators))],
    ...(prompts.size > 0 ? { prompts: [...prompts.values()].sort((a, b) => compareIds(a.id, b.id)) } : {}),
    ...(models.size > 0 ? { model: [...models].sort(compareIds).join(',') } : {}),
    ...(sources.size > 0 ? { source: [...sources].sort(compareIds).join('; ') } : {}),
  };
}

function fail(reason: string, detail: string): BundleResult {
  return { ok: false, reason, detail };
}
