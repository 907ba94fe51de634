import { canonicalJson } from '../../../core/canonical.ts';
import type { Call } from '../../../schema/task.ts';
import type { RuleOperator } from '../operator.ts';
import { drawRequired, paramsOf } from '../params.ts';
import { freshCallId } from '../sites.ts';
import { pickFill } from '../templates.ts';
import { action, literalsPhrase } from '../text.ts';

/**
 * Adds an ordering constraint: a read-only check call of the same toolkit that must complete
 * before the task's first state-changing call (or its first call), with no data flowing.
 */
export const constraintOperator: RuleOperator = {
  name: 'constraint',
  propose(parent, { registry, toolkit, rng, templates, maxCalls }) {
    if (parent.calls.length >= maxCalls) return { inapplicable: `the task already has ${maxCalls} calls` };
    const existing = new Set(parent.calls.map((c) => canonicalJson([c.tool, c.args])));
    for (const fn of rng.shuffle(toolkit.def.functions.filter((f) => !f.mutates))) {
      const literals = drawRequired(toolkit.def, paramsOf(fn), rng);
      if (!literals) continue;
      const args: Call['args'] = Object.fromEntries(literals.map((l) => [l.param, l.value]));
      if (existing.has(canonicalJson([fn.name, args]))) continue;
      const id = freshCallId(parent.calls);
      const target = Math.max(
        0,
        parent.calls.findIndex((c) => registry.fn(c.tool)?.def.mutates),
      );
      const calls: Call[] = [{ id, tool: fn.name, args }, ...parent.calls.map((c, i) => (i === target ? { ...c, after: [...(c.after ?? []), id] } : c))];
      const query = pickFill(rng, templates.constraint, { action: action(fn.description), literals: literalsPhrase(rng, templates, literals), query: parent.query.trim() });
      return { task: { ...parent, query, calls } };
    }
    return { inapplicable: 'no read-only function of the toolkit can be filled from the value pools' };
  },
};
