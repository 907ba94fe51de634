import { canonicalJson } from '../../../core/canonical.ts';
import type { Call } from '../../../schema/task.ts';
import type { RuleOperator } from '../operator.ts';
import { paramsOf, poolFor } from '../params.ts';
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
      const args: Call['args'] = {};
      const literals: { param: string; value: unknown }[] = [];
      const fillable = paramsOf(fn)
        .filter((p) => p.required)
        .every((p) => {
          const pool = poolFor(toolkit.def, p);
          if (pool.length === 0) return false;
          args[p.name] = rng.pick(pool) as Call['args'][string];
          literals.push({ param: p.name, value: args[p.name] });
          return true;
        });
      if (!fillable || existing.has(canonicalJson([fn.name, args]))) continue;
      const id = freshCallId(parent.calls);
      const target = Math.max(0, parent.calls.findIndex((c) => registry.fn(c.tool)?.def.mutates));
      const calls: Call[] = [
        { id, tool: fn.name, args },
        ...parent.calls.map((c, i) => (i === target ? { ...c, after: [...(c.after ?? []), id] } : c)),
      ];
      const query = pickFill(rng, templates.constraint, { action: action(fn.description), literals: literalsPhrase(rng, templates, literals), query: parent.query.trim() });
      return { task: { ...parent, query, calls } };
    }
    return { inapplicable: 'no read-only function of the toolkit can be filled from the value pools' };
  },
};
