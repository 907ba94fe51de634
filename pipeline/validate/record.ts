import { Task } from '../schema/task.ts';
import { Sample } from '../schema/sample.ts';
import { jsonPath } from '../schema/issues.ts';
import type { Registry } from '../world/registry.ts';
import { executeGold } from '../world/execute.ts';
import { replaySampleGold } from '../world/replay.ts';
import { SimulatorCrash } from '../world/simulator.ts';
import { checkAnswer, checkTaskStructure } from './task.ts';
import type { Problem } from './problem.ts';
import { checkContract } from './contract.ts';
import type { z } from 'zod';
import type { ErrorObject } from 'ajv';
import { publishedValidator } from '../schema/ajv.ts';

/**
 * Records are first checked by ajv against the published JSON Schema files (what a user in any
 * language would run), then parsed by zod for defaults and types; the two agree by construction.
 */
function parseRecord<T>(name: 'task' | 'sample', schema: z.ZodType<T>, value: unknown): { data: T } | { problems: Problem[] } {
  const validate = publishedValidator(name);
  if (!validate(value)) return { problems: (validate.errors ?? []).slice(0, 20).map(ajvProblem) };
  const parsed = schema.safeParse(value);
  return parsed.success ? { data: parsed.data } : { problems: schemaProblems(parsed.error.issues) };
}

function ajvProblem(e: ErrorObject): Problem {
  const path =
    '$' +
    e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`))
      .join('');
  if (e.keyword === 'additionalProperties') return { path, message: `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"; remove it or check its spelling` };
  if (e.keyword === 'required') return { path, message: `missing required field "${(e.params as { missingProperty: string }).missingProperty}"` };
  return { path, message: `${e.message ?? 'does not match the schema'}` };
}

function schemaProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  return issues.slice(0, 20).map((i) => ({ path: jsonPath(i.path), message: schemaMessage(i) }));
}

function schemaMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; remove it or check its spelling`;
  if (issue.code === 'invalid_type') return `${issue.message.replace(/^Invalid input: /, '')}`;
  return issue.message;
}

function crashProblem(err: unknown): Problem[] {
  if (err instanceof SimulatorCrash) return [{ path: '$', message: `${err.message}; this is a bug in the simulator, not in the record` }];
  throw err;
}

/** A seed task: schema, structure, then the gold path run in the simulator. */
export function validateTask(value: unknown, registry: Registry): Problem[] {
  const parsed = parseRecord('task', Task, value);
  if ('problems' in parsed) return parsed.problems;
  const task = parsed.data;
  const structure = checkTaskStructure(task, registry);
  if (structure.length > 0) return structure;
  try {
    const run = executeGold(task, registry);
    const problems = [...run.problems, ...checkAnswer(task, run)];
    return problems.length > 0 ? problems : checkContract(task, run, registry);
  } catch (err) {
    return crashProblem(err);
  }
}

/** A dataset sample: schema, each task's structure, tools and latencies, then the gold replay on shared states. */
export function validateSample(value: unknown, registry: Registry): Problem[] {
  const parsed = parseRecord('sample', Sample, value);
  if ('problems' in parsed) return parsed.problems;
  const sample = parsed.data;
  const problems: Problem[] = [];
  const ids = new Map<string, Set<string>>();
  sample.tasks.forEach((t, i) => {
    if (ids.has(t.id)) problems.push({ path: `$.tasks[${i}].id`, message: `task id "${t.id}" is used twice` });
    ids.set(t.id, new Set(t.calls.map((c) => c.id)));
  });
  sample.tasks.forEach((t, i) => problems.push(...checkTaskStructure(t, registry, `$.tasks[${i}]`, ids)));
  const offered = new Set(sample.tools);
  sample.tools.forEach((name, i) => {
    if (!registry.fn(name)) problems.push({ path: `$.tools[${i}]`, message: `offered tool "${name}" is not a function of any loaded toolkit` });
  });
  const expectedKeys = new Set<string>();
  sample.tasks.forEach((t, i) =>
    t.calls.forEach((c, j) => {
      expectedKeys.add(`${t.id}.${c.id}`);
      if (!offered.has(c.tool)) problems.push({ path: `$.tasks[${i}].calls[${j}].tool`, message: `gold tool "${c.tool}" is not in the sample's offered tools; add it to $.tools` });
      if (sample.latencies[`${t.id}.${c.id}`] === undefined) problems.push({ path: `$.latencies`, message: `no latency for gold call "${t.id}.${c.id}"; run the schedule stage` });
    }),
  );
  for (const key of Object.keys(sample.latencies)) {
    if (!expectedKeys.has(key)) problems.push({ path: `$.latencies["${key}"]`, message: `latency for "${key}", which is not a gold call of this sample` });
  }
  const toolkits = [...new Set(sample.tasks.map((t) => t.toolkit))].sort();
  if (JSON.stringify([...sample.meta.toolkits].sort()) !== JSON.stringify(toolkits)) {
    problems.push({ path: '$.meta.toolkits', message: `lists ${JSON.stringify(sample.meta.toolkits)} but the tasks use ${JSON.stringify(toolkits)}` });
  }
  if (sample.meta.oracleMakespan > sample.meta.sequentialMakespan) {
    problems.push({
      path: '$.meta.oracleMakespan',
      message: `oracleMakespan ${sample.meta.oracleMakespan} is larger than sequentialMakespan ${sample.meta.sequentialMakespan}; rerun the schedule stage`,
    });
  }
  if (problems.length > 0) return problems;
  try {
    const run = replaySampleGold(sample, registry);
    problems.push(...run.problems);
    sample.tasks.forEach((t, i) => {
      // A task the replay could not reach (a cross-task reference cycle) has its problem reported already.
      const taskRun = run.tasks[t.id];
      if (taskRun) problems.push(...checkAnswer(t, taskRun, `$.tasks[${i}]`));
    });
    if (problems.length === 0) sample.tasks.forEach((t, i) => problems.push(...checkContract(t, run.tasks[t.id]!, registry, `$.tasks[${i}]`, (tid) => sample.tasks.find((x) => x.id === tid))));
  } catch (err) {
    return crashProblem(err);
  }
  return problems;
}

/** A record of a dataset or seed JSONL: a sample when it has `tasks`, otherwise a task. */
export function validateRecord(value: unknown, registry: Registry): Problem[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path: '$', message: `a record must be a JSON object (a task or a sample), not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` }];
  }
  return 'tasks' in value || 'schemaVersion' in value ? validateSample(value, registry) : validateTask(value, registry);
}
