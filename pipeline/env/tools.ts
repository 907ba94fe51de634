import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type OpenAI from 'openai';
import type { Sample } from '../schema/sample.ts';
import type { Delivery } from '../schema/trace.ts';
import type { Registry } from '../world/registry.ts';

interface ToolDef {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  /** Control tools only: the delivery modes that offer it (absent: every mode). */
  delivery?: Delivery[];
}

const CONTROL: ToolDef[] = parseYaml(readFileSync(new URL('./control-tools.yaml', import.meta.url), 'utf8')) as ToolDef[];

/** The control tools offered under a delivery mode, by name. */
export function controlToolNames(delivery: Delivery): Set<string> {
  return new Set(CONTROL.filter((d) => !d.delivery || d.delivery.includes(delivery)).map((d) => d.name));
}

/** The tools that fetch a finished result (they count as polls). */
export const FETCH_TOOLS: ReadonlySet<string> = new Set(CONTROL.filter((d) => d.delivery).map((d) => d.name));

const memo = new WeakMap<Sample, Map<Delivery, OpenAI.Chat.ChatCompletionTool[]>>();

/** The tools an agent is offered: the sample's functions (in its order) and the control tools of the delivery mode, in OpenAI format. */
export function toolsForSample(sample: Sample, registry: Registry, delivery: Delivery = 'push'): OpenAI.Chat.ChatCompletionTool[] {
  let byMode = memo.get(sample);
  if (!byMode) memo.set(sample, (byMode = new Map()));
  let tools = byMode.get(delivery);
  if (tools) return tools;
  const defs: ToolDef[] = sample.tools.flatMap((name) => {
    const fn = registry.fn(name);
    return fn ? [{ name, description: fn.def.description, parameters: fn.def.parameters }] : [];
  });
  const control = CONTROL.filter((d) => !d.delivery || d.delivery.includes(delivery));
  tools = [...defs, ...control].map((d) => ({ type: 'function' as const, function: { name: d.name, description: d.description, parameters: d.parameters } }));
  byMode.set(delivery, tools);
  return tools;
}
