import { valuesMatch } from '../../core/normalize.ts';
import type { Rng } from '../../core/rng.ts';
import type { Call, Task } from '../../schema/task.ts';
import type { Registry } from '../../world/registry.ts';
import { runTool } from '../../world/simulator.ts';
import { queryMentions } from '../../validate/literals.ts';
import { drawRequired, fitsSchema, isSink, linkable, paramsOf } from '../evolve/params.ts';
import { freshCallId, literalSites, resultLeaves } from '../evolve/sites.ts';
import { pickFill, type Templates } from '../evolve/templates.ts';
import { action, fieldWords, literalsPhrase, replaceLiteral, words } from '../evolve/text.ts';
import type { PoolTask } from './pool.ts';
import { orderStateChanges } from '../ordering.ts';
import type { GoldRun } from '../../world/execute.ts';

export interface LinkEnd {
  /** The task's id inside the sample (T1...). */
  tid: string;
  entry: PoolTask;
}

export interface Linked {
  task: Task;
  /** How the dependency was made, for provenance: `link:value` or `link:call`. */
  operator: string;
}

/** Fields a producer's gold calls return that carry new information (not echoes of its own arguments). */
function producedLeaves(producer: PoolTask) {
  const given = literalSites(producer.task).map((s) => s.value);
  return producer.task.calls.flatMap((c) => {
    const rec = producer.run.calls[c.id];
    if (!rec?.ok || c.expectError) return [];
    return resultLeaves(c.id, rec.result).filter((l) => typeof l.value !== 'boolean' && l.value !== '' && linkable(l.value) && !given.some((g) => valuesMatch(l.value, g)));
  });
}

/**
 * A consumer literal that equals a value the producer returns becomes a reference to it, and the
 * query says in words where the value comes from (the literal no longer appears).
 */
export function linkByValue(producer: LinkEnd, consumer: Task, rng: Rng, templates: Templates): Linked | undefined {
  const leaves = producedLeaves(producer.entry);
  const matches = literalSites(consumer).flatMap((site) =>
    // Short values (1, "ok") match by coincidence too often to read as a real dependency.
    leaves
      .filter((l) => l.value === site.value && String(l.value).length >= 3 && queryMentions(consumer.query, site.value))
      .map((leaf) => ({ site, leaf })),
  );
  if (matches.length === 0) return undefined;
  const { site, leaf } = rng.pick(matches);
  const phrase = pickFill(rng, templates.compose.valueFrom, { field: fieldWords(leaf.path), task: producer.tid });
  const query = replaceLiteral(consumer.query, site.value, phrase);
  if (query === undefined) return undefined;
  const ref = { $ref: leaf.path, task: producer.tid };
  const calls = consumer.calls.map((c) => ({ ...c, args: replaceValue(c.args, site.value, ref) as Call['args'] }));
  return { task: { ...consumer, query, calls }, operator: 'link:value' };
}

function replaceValue(value: unknown, from: string | number, to: unknown): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceValue(v, from, to));
  if (value !== null && typeof value === 'object') {
    if ('$ref' in value) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceValue(v, from, to)]));
  }
  return value;
}

/**
 * Adds a call to the consumer that takes a produced value of the producer through a free-form
 * parameter (text, message, amount...); other required parameters come from the value pools.
 * The call is tried on the consumer's final gold state (three draws per parameter), so hopeless
 * candidates are skipped.
 */
export function linkByCall(
  producer: LinkEnd,
  consumer: LinkEnd & { task: Task },
  registry: Registry,
  rng: Rng,
  templates: Templates,
  maxCalls: number,
  /** The gold run of each task of the bundle, by its id in the sample, for the references earlier links added. */
  runOf: (tid: string) => GoldRun | undefined = (tid) => (tid === producer.tid ? producer.entry.run : undefined),
): Linked | undefined {
  if (consumer.task.calls.length >= maxCalls) return undefined;
  const toolkit = registry.toolkit(consumer.task.toolkit);
  if (!toolkit) return undefined;
  const leaves = producedLeaves(producer.entry);
  for (const fn of rng.shuffle(toolkit.def.functions)) {
    const params = paramsOf(fn);
    const draws = rng.shuffle(params.filter(isSink)).flatMap((sink) => [sink, sink, sink]);
    for (const sink of draws) {
      const usable = leaves.filter((l) => fitsSchema(l.value, sink.schema));
      if (usable.length === 0) continue;
      const leaf = rng.pick(usable);
      const literals = drawRequired(toolkit.def, params, rng, sink);
      if (!literals) continue;
      const args: Call['args'] = { [sink.name]: { $ref: leaf.path, task: producer.tid } };
      for (const l of literals) args[l.param] = l.value;
      const resolved = { ...args, [sink.name]: leaf.value } as Record<string, unknown>;
      if (registry.argumentErrors(fn.name, resolved).length > 0 || !runTool(toolkit.sim, consumer.entry.run.finalState, fn.name, resolved).ok) continue;
      const id = freshCallId(consumer.task.calls);
      const sentence = pickFill(rng, templates.compose.consume, {
        action: action(fn.description),
        param: words(sink.name),
        field: fieldWords(leaf.path),
        task: producer.tid,
        literals: literalsPhrase(rng, templates, literals),
      });
      const linked: Task = { ...consumer.task, query: `${consumer.task.query.trimEnd()} ${sentence}`, calls: [...consumer.task.calls, { id, tool: fn.name, args }] };
      // The new call waits for a call of its own task only where the state needs that order.
      const { task } = orderStateChanges(linked, registry, (ref) => runOf(ref.task!));
      return { task, operator: 'link:call' };
    }
  }
  return undefined;
}
