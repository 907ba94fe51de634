import { ModelReplyError } from '../../../core/errors.ts';
import type { z } from 'zod';
import type { LlmClient } from '../../../llm/client.ts';
import { renderPrompt, type Prompt } from '../../../llm/prompts.ts';
import type { Task } from '../../../schema/task.ts';
import type { GoldRun } from '../../../world/execute.ts';
import type { LoadedToolkit } from '../../../world/registry.ts';
import { collectRefs } from '../../../world/refs.ts';
import { literalValues } from '../../../validate/literals.ts';
import type { ChildSet } from '../children.ts';
import { freshCallId } from '../sites.ts';
import { BroadenReply, DeepenReply, ParaphraseReply } from './proposals.ts';

export interface LlmEnv {
  client: LlmClient;
  prompts: Record<LlmOperatorName, Prompt>;
  toolkit: LoadedToolkit;
  run: GoldRun;
  temperature: number;
}

export const LLM_OPERATORS = ['paraphrase', 'deepen', 'broaden'] as const;
export type LlmOperatorName = (typeof LLM_OPERATORS)[number];

/** Turns a parsed reply into a candidate child, or a rejection reason and detail. */
type Build<T> = (reply: T, parent: Task, env: LlmEnv) => Task | { reason: string; detail: string };

interface LlmOperator<T> {
  schema: z.ZodType<T>;
  vars(parent: Task, env: LlmEnv): Record<string, string>;
  build: Build<T>;
}

const json = (v: unknown) => JSON.stringify(v, null, 1);

function toolkitVars(env: LlmEnv): { toolkit: string; functions: string } {
  const def = env.toolkit.def;
  return {
    toolkit: `${def.name} (${def.title}): ${def.description}`,
    functions: json(def.functions.map((f) => ({ name: f.name, description: f.description, parameters: f.parameters }))),
  };
}

const paraphrase: LlmOperator<z.infer<typeof ParaphraseReply>> = {
  schema: ParaphraseReply,
  vars: (parent) => ({
    query: parent.query,
    values: json([...new Set(parent.calls.flatMap((c) => literalValues(c.args).map((l) => l.value)))]),
  }),
  build: (reply, parent) => ({ ...parent, query: reply.query.trim() }),
};

const deepen: LlmOperator<z.infer<typeof DeepenReply>> = {
  schema: DeepenReply,
  vars: (parent, env) => ({
    ...toolkitVars(env),
    task: json({ query: parent.query, calls: parent.calls }),
    results: json(Object.fromEntries(Object.entries(env.run.calls).map(([id, c]) => [id, c.ok ? c.result : { error: c.error }]))),
  }),
  build(reply, parent) {
    if (collectRefs(reply.call.args).length === 0) return { reason: 'no-dependency', detail: 'the proposed call takes no argument from an earlier result' };
    const id = freshCallId(parent.calls);
    if (!reply.answer.startsWith(`${id}.`) && reply.answer !== id) return { reason: 'answer-not-new-step', detail: `the answer "${reply.answer}" does not come from the new call ${id}` };
    return { ...parent, query: reply.query.trim(), calls: [...parent.calls, { id, tool: reply.call.tool, args: reply.call.args }], answer: { $ref: reply.answer } };
  },
};

const broaden: LlmOperator<z.infer<typeof BroadenReply>> = {
  schema: BroadenReply,
  vars: (parent, env) => ({
    ...toolkitVars(env),
    state: json(parent.initialState ? { ...env.toolkit.def.defaultState, ...parent.initialState } : env.toolkit.def.defaultState),
    example: json({ query: parent.query, calls: parent.calls, answer: parent.answer }),
  }),
  build: (reply, parent) => {
    const task: Task = { id: parent.id, toolkit: parent.toolkit, query: reply.query.trim(), calls: reply.calls, answer: reply.answer };
    if (parent.initialState) task.initialState = parent.initialState;
    return task;
  },
};

const OPERATORS: { [K in LlmOperatorName]: LlmOperator<any> } = { paraphrase, deepen, broaden };

/**
 * Asks the model for `count` children of one parent with one operator; every reply is parsed,
 * schema-checked and offered to the child set, which validates it by execution. An endpoint
 * failure (after the client's retries) propagates: the stage stops and a rerun resumes.
 */
export async function runLlmOperator(name: LlmOperatorName, count: number, parent: Task, env: LlmEnv, children: ChildSet): Promise<void> {
  const op = OPERATORS[name];
  const prompt = env.prompts[name];
  const operator = `llm:${name}`;
  for (let i = 0; i < count; i++) {
    let reply: unknown;
    try {
      const result = await env.client.json({
        messages: [{ role: 'user', content: renderPrompt(prompt, op.vars(parent, env)) }],
        schema: op.schema,
        schemaName: `evolve_${name}`,
        promptId: prompt.id,
        temperature: env.temperature,
        sampleIndex: i,
      });
      reply = result.value;
    } catch (err) {
      if (!(err instanceof ModelReplyError)) throw err;
      children.reject(operator, i + 1, 'bad-reply', err.message);
      continue;
    }
    const built = op.build(reply, parent, env);
    if ('reason' in built) {
      children.reject(operator, i + 1, built.reason, built.detail);
      continue;
    }
    children.offer(operator, i + 1, built, { prompts: [{ id: prompt.id, hash: prompt.hash }], model: env.client.model });
  }
}
