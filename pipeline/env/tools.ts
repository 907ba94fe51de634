import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type OpenAI from 'openai';
import type { Sample } from '../schema/sample.ts';
import type { Registry } from '../world/registry.ts';

interface ToolDef {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

const CONTROL: ToolDef[] = parseYaml(readFileSync(new URL('./control-tools.yaml', import.meta.url), 'utf8')) as ToolDef[];

const memo = new WeakMap<Sample, OpenAI.Chat.ChatCompletionTool[]>();

/** The tools an agent is offered: the sample's functions (in its order) and the control tools, in OpenAI format. */
export function toolsForSample(sample: Sample, registry: Registry): OpenAI.Chat.ChatCompletionTool[] {
  let tools = memo.get(sample);
  if (tools) return tools;
  const defs: ToolDef[] = sample.tools.flatMap((name) => {
    const fn = registry.fn(name);
    return fn ? [{ name, description: fn.def.description, parameters: fn.def.parameters }] : [];
  });
  tools = [...defs, ...CONTROL].map((d) => ({ type: 'function' as const, function: { name: d.name, description: d.description, parameters: d.parameters } }));
  memo.set(sample, tools);
  return tools;
}
