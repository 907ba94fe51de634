import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { executeGold, type GoldRun } from '../world/execute.ts';
import { isRef } from '../world/refs.ts';
import { containsValue } from '../core/normalize.ts';
import { literalValues, queryMentions } from '../validate/literals.ts';

/** Why a task cannot be used: a short reason code (counted in reports) and a sentence. */
export interface TaskFault {
  reason: string;
  detail: string;
}

export type TaskCheck = { ok: true; run: GoldRun } | { ok: false; fault: TaskFault };

/**
 * Everything a single task must satisfy before it enters the corpus: known toolkit and functions,
 * a gold path that runs, resolved arguments valid against each function's schema, every literal
 * argument stated in the query, and an answer the gold results support.
 */
export function checkTask(task: Task, registry: Registry): TaskCheck {
  const tk = registry.toolkit(task.toolkit);
  if (!tk) return fail('unknown-toolkit', `toolkit "${task.toolkit}" is not loaded`);
  for (const call of task.calls) {
    const fn = registry.fn(call.tool);
    if (!fn || fn.toolkit !== task.toolkit) return fail('unknown-function', `call ${call.id} uses "${call.tool}", which is not a function of toolkit ${task.toolkit}`);
  }
  const missing = missingLiteral(task);
  if (missing) return fail('literal-missing', missing);
  const run = executeGold(task, registry);
  if (run.problems.length > 0) return fail('gold-replay', `${run.problems[0]!.path}: ${run.problems[0]!.message}`);
  for (const call of task.calls) {
    const errors = registry.argumentErrors(call.tool, run.calls[call.id]!.args);
    if (errors.length > 0) return fail('invalid-arguments', `call ${call.id} (${call.tool}): ${errors[0]}`);
  }
  if (!isRef(task.answer)) {
    const results = Object.values(run.calls).map((c) => (c.ok ? c.result : c.error));
    if (!containsValue(results, task.answer)) return fail('answer-unsupported', `the literal answer ${JSON.stringify(task.answer)} appears in no gold result`);
  }
  return { ok: true, run };
}

/** The first literal argument value the query does not state, as a sentence; undefined when all are there. */
export function missingLiteral(task: Task): string | undefined {
  for (const call of task.calls) {
    for (const { value, at } of literalValues(call.args)) {
      if (!queryMentions(task.query, value)) return `call ${call.id} argument ${at.slice(1)} = ${JSON.stringify(value)} is not stated in the query`;
    }
  }
  return undefined;
}

function fail(reason: string, detail: string): TaskCheck {
  return { ok: false, fault: { reason, detail } };
}
