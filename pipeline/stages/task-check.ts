import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { executeGold, type GoldRun } from '../world/execute.ts';
import { SimulatorCrash } from '../world/simulator.ts';
import { checkAnswer, checkTaskStructure } from '../validate/task.ts';
import type { Problem } from '../validate/problem.ts';
import { checkContract } from '../validate/contract.ts';

/** Why a task cannot be used: a short reason code (counted in reports) and a sentence. */
export interface TaskFault {
  reason: string;
  detail: string;
}

export type TaskCheck = { ok: true; run: GoldRun } | { ok: false; fault: TaskFault };

/**
 * Everything a single task must satisfy before it enters the corpus: the structure checks of
 * `asynctool validate` (toolkit, functions, references, every literal stated in the query), a gold
 * path that runs, resolved arguments valid against each function's schema (the engine rejects
 * invalid calls), an answer the gold results support, and the task contract (validate/contract.ts).
 */
export function checkTask(task: Task, registry: Registry): TaskCheck {
  const structure = checkTaskStructure(task, registry);
  if (structure.length > 0) return fail(structureReason(structure[0]!), structure[0]!);
  let run: GoldRun;
  try {
    run = executeGold(task, registry);
  } catch (err) {
    if (err instanceof SimulatorCrash) return fail('simulator-crash', { path: '$', message: err.message });
    throw err;
  }
  if (run.problems.length > 0) return fail('gold-replay', run.problems[0]!);
  for (const [i, call] of task.calls.entries()) {
    const errors = registry.argumentErrors(call.tool, run.calls[call.id]!.args);
    if (errors.length > 0) return fail('invalid-arguments', { path: `$.calls[${i}].args`, message: `${call.tool}: ${errors[0]}` });
  }
  const answer = checkAnswer(task, run);
  if (answer.length > 0) return fail('answer-unsupported', answer[0]!);
  const contract = checkContract(task, run, registry)[0];
  if (contract) return fail(`contract:${contract.rule}`, contract);
  return { ok: true, run };
}

function structureReason(p: Problem): string {
  if (p.path.endsWith('.toolkit')) return 'unknown-toolkit';
  if (p.path.endsWith('.tool')) return 'unknown-function';
  if (/not stated in the query/.test(p.message)) return 'literal-missing';
  return 'structure';
}

function fail(reason: string, problem: Problem): TaskCheck {
  return { ok: false, fault: { reason, detail: `${problem.path}: ${problem.message}` } };
}
