import { canonicalJson } from '../../../core/canonical.ts';
import type { Call, Task } from '../../../schema/task.ts';
import { executeGold } from '../../../world/execute.ts';
import type { RuleOperator } from '../operator.ts';
import { drawRequired, fitsSchema, linkable, paramsOf } from '../params.ts';
import { freshCallId, literalSites, resultLeaves } from '../sites.ts';
import { valuesMatch } from '../../../core/normalize.ts';
import { pickFill } from '../templates.ts';
import { action, fieldWords, literalsPhrase, words } from '../text.ts';

/**
 * Extends the chain by one dependent call: a function of the same toolkit with a parameter fed by a
 * field of an earlier result (matched by name and type), other parameters from the value pools.
 * The task then answers with a field of the new call's result.
 */
export const extendOperator: RuleOperator = {
  name: 'extend',
  propose(parent, { registry, toolkit, run, rng, templates, maxCalls }) {
    if (parent.calls.length >= maxCalls) return { inapplicable: `the task already has ${maxCalls} calls` };
    // Only values the calls produced: a field echoing an argument would make the dependency empty.
    const given = literalSites(parent).map((s) => s.value);
    const leaves = parent.calls.flatMap((c) => {
      const rec = run.calls[c.id];
      return rec?.ok
        ? resultLeaves(c.id, rec.result)
            .filter((l) => linkable(l.value) && !given.some((g) => valuesMatch(l.value, g)))
            .map((l) => ({ ...l, tool: c.tool }))
        : [];
    });
    const existing = new Set(parent.calls.map((c) => canonicalJson([c.tool, c.args])));
    for (const fn of rng.shuffle(toolkit.def.functions)) {
      const params = paramsOf(fn);
      const linkable = params.filter((p) => leaves.some((l) => l.key === p.name && fitsSchema(l.value, p.schema)));
      if (linkable.length === 0) continue;
      const link = rng.pick(linkable);
      const source = rng.pick(leaves.filter((l) => l.key === link.name && fitsSchema(l.value, link.schema)));
      const literals = drawRequired(toolkit.def, params, rng, link);
      if (!literals) continue;
      const args: Call['args'] = { [link.name]: { $ref: source.path } };
      for (const l of literals) args[l.param] = l.value;
      if (existing.has(canonicalJson([fn.name, args]))) continue;
      const id = freshCallId(parent.calls);
      const calls: Call[] = [...parent.calls, { id, tool: fn.name, args }];
      const trial = executeGold({ ...parent, calls, answer: { $ref: id } }, registry);
      const rec = trial.calls[id];
      if (!rec?.ok) continue;
      const inputs = Object.values(rec.args);
      const all = resultLeaves(id, rec.result, 1).filter((l) => l.path !== id);
      const fresh = all.filter((l) => !inputs.some((v) => valuesMatch(l.value, v)));
      const fields = fresh.length > 0 ? fresh : all;
      const answer = fields.length > 0 ? rng.pick(fields).path : id;
      const sentence = pickFill(rng, templates.extend, {
        action: action(fn.description),
        field: fieldWords(source.path),
        source: words(source.tool),
        answer: fieldWords(answer),
        literals: literalsPhrase(rng, templates, literals),
      });
      const task: Task = { ...parent, query: `${parent.query.trimEnd()} ${sentence}`, calls, answer: { $ref: answer } };
      return { task };
    }
    return { inapplicable: 'no function of the toolkit can consume a field of an earlier result' };
  },
};
