import type { Task } from '../schema/task.ts';
import type { Registry } from '../world/registry.ts';
import { isRef } from '../world/refs.ts';
import { callEdges, findCycle } from '../gold/edges.ts';
import { containsValue } from '../core/normalize.ts';
import type { GoldRun } from '../world/execute.ts';
import { literalValues, queryStates, spokenFormAt } from './literals.ts';
import type { Problem } from './problem.ts';

/**
 * Checks a task's structure before anything runs: toolkit and tools known, call ids unique,
 * references and `after` pointing at earlier calls (no cycles), literal values stated in the query.
 * `otherTasks` maps the ids of the sample's other tasks to their call ids (cross-task references).
 */
export function checkTaskStructure(task: Task, registry: Registry, at = '$', otherTasks?: Map<string, Set<string>>): Problem[] {
  const problems: Problem[] = [];
  const tk = registry.toolkit(task.toolkit);
  if (!tk) {
    const known = [...registry.toolkits.keys()].join(', ');
    return [{ path: `${at}.toolkit`, message: `unknown toolkit "${task.toolkit}"; known toolkits: ${known}` }];
  }
  const position = new Map<string, number>();
  task.calls.forEach((call, i) => {
    if (position.has(call.id)) problems.push({ path: `${at}.calls[${i}].id`, message: `call id "${call.id}" is used twice; give every call its own id` });
    else position.set(call.id, i);
  });
  const edges = new Map<string, string[]>();
  callEdges(task).forEach((e, i) => {
    const call = task.calls[i]!;
    const cat = `${at}.calls[${i}]`;
    const fn = registry.fn(call.tool);
    if (!fn) problems.push({ path: `${cat}.tool`, message: `unknown function "${call.tool}"; toolkit ${task.toolkit} offers ${tk.def.functions.map((f) => f.name).join(', ')}` });
    else if (fn.toolkit !== task.toolkit) problems.push({ path: `${cat}.tool`, message: `function "${call.tool}" belongs to toolkit ${fn.toolkit}, not to this task's toolkit ${task.toolkit}` });
    const preds: string[] = [];
    for (const r of e.refs) {
      const rat = `${cat}.args${r.at}`;
      if (r.call === null) {
        problems.push({ path: rat, message: `malformed reference "${r.ref.$ref}"; write "<callId>.field" or "<callId>.items[0].id"` });
        continue;
      }
      if (r.task !== task.id) {
        const other = otherTasks?.get(r.task);
        if (!other) problems.push({ path: rat, message: `reference to task "${r.task}", which is not a task of this ${otherTasks ? 'sample' : 'record (a seed task cannot reference another task)'}` });
        else if (!other.has(r.call)) problems.push({ path: rat, message: `reference to ${r.task}.${r.call}, which is not a call of task ${r.task}` });
        continue;
      }
      if (!position.has(r.call)) problems.push({ path: rat, message: `reference to "${r.call}", which is not a call of this task` });
      else preds.push(r.call);
    }
    e.after.forEach((a, j) => {
      if (!position.has(a)) problems.push({ path: `${cat}.after[${j}]`, message: `"after" names "${a}", which is not a call of this task` });
      else preds.push(a);
    });
    edges.set(call.id, preds);
  });
  const cycle = findCycle(edges);
  if (cycle) {
    problems.push({ path: `${at}.calls`, message: `calls ${cycle.join(' -> ')} depend on each other in a cycle; a call can only use results of calls that do not depend on it` });
  } else {
    task.calls.forEach((call, i) => {
      for (const p of edges.get(call.id) ?? []) {
        if (position.get(p)! >= i) problems.push({ path: `${at}.calls[${i}]`, message: `${call.id} depends on ${p}, which comes later in the list; list calls in dependency order` });
      }
    });
  }
  task.calls.forEach((call, i) => {
    for (const lit of literalValues(call.args)) {
      if (!queryStates(task.query, lit.value, spokenFormAt(tk.language, call.tool, lit.at))) {
        problems.push({ path: `${at}.calls[${i}].args${lit.at}`, message: `the value ${JSON.stringify(lit.value)} is not stated in the query; an agent cannot know it, so write it into the query` });
      }
    }
  });
  return problems;
}

/** Checks that the gold run reproduces the answer, given the run of this task. */
export function checkAnswer(task: Task, run: GoldRun, at = '$'): Problem[] {
  if (run.problems.length > 0 || isRef(task.answer)) return [];
  // A literal answer stated at the query's precision (1.699 for "to 4 significant digits") is found within the task's tolerance.
  const found = Object.values(run.calls).some((c) => c.ok && containsValue(c.result, task.answer, task.answerMatch));
  return found
    ? []
    : [
        {
          path: `${at}.answer`,
          message: `the answer ${JSON.stringify(task.answer)} appears in no gold call result; state it as a reference to the call that produces it ({"$ref": "c2.field"}) or correct it`,
        },
      ];
}
