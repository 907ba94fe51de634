import { valuesMatch } from '../../../core/normalize.ts';
import type { Call } from '../../../schema/task.ts';
import { queryMentions } from '../../../validate/literals.ts';
import type { RuleOperator } from '../operator.ts';
import { fitsSchema } from '../params.ts';
import { freshCallId, literalSites, withValues } from '../sites.ts';
import { fill, pickFill } from '../templates.ts';
import { words } from '../text.ts';

/**
 * Adds an error-recovery step: the same call first tried with a wrong value (it must fail, marked
 * expectError), then the original call, ordered after the failure.
 */
export const recoveryOperator: RuleOperator = {
  name: 'recovery',
  propose(parent, { registry, toolkit, rng, templates, maxCalls }) {
    if (parent.calls.length >= maxCalls) return { inapplicable: `the task already has ${maxCalls} calls` };
    const sites = literalSites(parent).filter((s) => !parent.calls[s.call]!.expectError && s.path.length === 1 && queryMentions(parent.query, s.value));
    if (sites.length === 0) return { inapplicable: 'no literal argument to get wrong first' };
    const site = rng.pick(sites);
    const pool = (toolkit.def.valuePools[site.key] ?? []).filter((v) => typeof v === typeof site.value);
    const variants = typeof site.value === 'string' ? templates.bogusStrings.map((t) => fill(t, { value: site.value as string })) : templates.bogusNumbers.map((m) => (site.value as number) * m);
    const original = parent.calls[site.call]!;
    const schema = registry.fn(original.tool)?.def.parameters.properties as Record<string, Record<string, unknown>> | undefined;
    // A wrong value must still be a valid call: the engine answers schema errors before any latency.
    const candidates = [...variants, ...pool].filter((v) => !valuesMatch(v, site.value) && !queryMentions(parent.query, v as string | number) && fitsSchema(v, schema?.[site.key] ?? {}));
    if (candidates.length === 0) return { inapplicable: 'no wrong value to try first' };
    const bogus = rng.pick(candidates) as string | number;
    const id = freshCallId(parent.calls);
    const failing: Call = { ...withValues([original], [{ site: { ...site, call: 0 }, value: bogus }])[0]!, id, expectError: true };
    const calls: Call[] = parent.calls.flatMap((c, i) => (i === site.call ? [failing, { ...c, after: [...(c.after ?? []), id] }] : [c]));
    const query = pickFill(rng, templates.recovery, { query: parent.query.trim(), param: words(site.key), bogus: String(bogus), value: String(site.value) });
    return { task: { ...parent, query, calls } };
  },
};
