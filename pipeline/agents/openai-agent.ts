import type OpenAI from 'openai';
import { LlmClient, type LlmClientOptions } from '../llm/client.ts';
import { publicEndpoint, resolveBaseUrl } from '../llm/endpoint.ts';
import { runCost } from '../llm/prices.ts';
import { defineAgent } from './entry.ts';
import { loadPrompt, type Prompt } from '../llm/prompts.ts';
import { toolsForSample } from '../env/tools.ts';
import type { Agent, AgentAction, AgentSession, AgentUsage, EpisodeContext, Observation } from './agent.ts';
import type { Delivery } from '../schema/trace.ts';
import { renderEnvironment, renderLifecycle, renderSystem, renderTasks } from './render.ts';

export interface OpenAiAgentOptions extends Omit<LlmClientOptions, 'model'> {
  model: string;
  /** Default 0. */
  temperature?: number;
  maxTokens?: number;
  /** Sent as `parallel_tool_calls` when set; left to the endpoint's default otherwise. */
  parallelToolCalls?: boolean;
  /** With temperature > 0, a different seed draws a different (separately cached) sample. */
  seed?: number;
}

/** Flags only an openai: agent reads (the CLI names them; any other agent warns that they are ignored). */
const OPENAI_FLAGS = ['--base-url', '--api-key-env', '--temperature', '--max-tokens', '--parallel-tool-calls', '--max-consecutive-failures', '--max-silence', '--price-input', '--price-output'];

/** The agents-table line (agents/table.ts): `openai:<model>`, any OpenAI-compatible endpoint. */
export const openAiAgent = defineAgent<Omit<OpenAiAgentOptions, 'model'> & { baseURL: string }>({
  prefix: 'openai:',
  help: 'openai:<model>',
  // Each episode has at most one request in flight, so this is the number of requests at once.
  defaultConcurrency: 8,
  flags: OPENAI_FLAGS,
  // The endpoint is checked here, before anything is read or created: a bad one is one error, not a half-made run folder.
  options: ({ flags, seed, concurrency }) => ({ ...flags, baseURL: resolveBaseUrl(flags.baseURL), seed, concurrency }),
  create: (model, options) => createOpenAiAgent({ ...options, model }),
  // What changes a model's answers besides the agent id, seed and budgets; never the key or the variable holding it.
  settingsForResume: (options) => ({
    endpoint: publicEndpoint(options.baseURL),
    temperature: options.temperature ?? 0,
    maxTokens: options.maxTokens ?? null,
    parallelToolCalls: options.parallelToolCalls ?? null,
  }),
  cost: (model, tokens, price) => runCost(model, tokens, price),
});

/** Any OpenAI-compatible chat model with native tool calling, through the shared LLM client. */
export function createOpenAiAgent(options: OpenAiAgentOptions): Agent {
  const { temperature, maxTokens, parallelToolCalls, seed, ...clientOptions } = options;
  let client: LlmClient | undefined;
  const system = loadPrompt('agent-system');
  const tasks = loadPrompt('agent-tasks');
  const lifecycle = loadPrompt('agent-lifecycle');
  const delivery = new Map<Delivery, Prompt>();
  const deliveryPrompt = (mode: Delivery) => delivery.get(mode) ?? delivery.set(mode, loadPrompt(`agent-delivery-${mode}`)).get(mode)!;
  return {
    id: `openai:${options.model}`,
    start(ctx) {
      // One client for every episode of the run, so its concurrency limit and cache are shared.
      client ??= new LlmClient(clientOptions);
      return new OpenAiSession(
        client,
        ctx,
        { system, tasks, delivery: deliveryPrompt(ctx.delivery ?? 'push'), lifecycle },
        { temperature, maxTokens, parallelToolCalls, sampleIndex: trialSeed(seed, temperature, ctx.trial) },
      );
    },
  };
}

/** Trials after the first draw other samples from a model that samples (temperature > 0); at temperature 0 they would only repeat it. */
function trialSeed(seed: number | undefined, temperature: number | undefined, trial = 1): number | undefined {
  if (trial <= 1 || !temperature) return seed;
  return (seed ?? 0) + 1_000_003 * (trial - 1);
}

class OpenAiSession implements AgentSession {
  private readonly messages: OpenAI.Chat.ChatCompletionMessageParam[];
  private readonly tools: OpenAI.Chat.ChatCompletionTool[];
  private readonly totals: Required<AgentUsage> = { requests: 0, promptTokens: 0, completionTokens: 0, cachedResponses: 0, cachedPromptTokens: 0, cachedCompletionTokens: 0 };
  private readonly delivery: Delivery;

  constructor(
    private readonly client: LlmClient,
    ctx: EpisodeContext,
    private readonly prompts: { system: Prompt; tasks: Prompt; delivery: Prompt; lifecycle: Prompt },
    private readonly sampling: { temperature?: number; maxTokens?: number; parallelToolCalls?: boolean; sampleIndex?: number },
  ) {
    this.delivery = ctx.mode === 'sync' ? 'push' : (ctx.delivery ?? 'push');
    this.messages = [{ role: 'system', content: renderSystem(prompts.system, prompts.delivery, ctx.turnCost, renderLifecycle(prompts.lifecycle, ctx.lifecycle)) }];
    this.tools = toolsForSample(ctx.sample, ctx.registry, this.delivery);
  }

  async turn(obs: Observation): Promise<AgentAction> {
    for (const r of obs.toolResults) this.messages.push({ role: 'tool', tool_call_id: r.toolCallId, content: JSON.stringify(r.outcome) });
    if (obs.tasks) this.messages.push({ role: 'user', content: renderTasks(this.prompts.tasks, obs.tasks) });
    const env = renderEnvironment(obs, this.delivery);
    if (env) this.messages.push({ role: 'user', content: env });
    const res = await this.client.chat({
      messages: this.messages,
      tools: this.tools,
      temperature: this.sampling.temperature,
      maxTokens: this.sampling.maxTokens,
      parallelToolCalls: this.sampling.parallelToolCalls,
      sampleIndex: this.sampling.sampleIndex,
      promptId: this.prompts.system.id,
    });
    // A reply from the cache cost nothing this time: its tokens are counted apart, so a cached rerun does not read as paid.
    if (res.cached) {
      this.totals.cachedResponses++;
      this.totals.cachedPromptTokens += res.usage.promptTokens;
      this.totals.cachedCompletionTokens += res.usage.completionTokens;
    } else {
      this.totals.requests++;
      this.totals.promptTokens += res.usage.promptTokens;
      this.totals.completionTokens += res.usage.completionTokens;
    }
    // The client has already checked and repaired the reply's shape (llm/reply-shape.ts).
    const calls = (res.message.tool_calls ?? []).filter((tc) => tc.type === 'function');
    const content = res.message.content ?? null;
    // An empty assistant message says nothing to the model and some endpoints refuse it: it is never re-sent.
    if (calls.length > 0 || (content !== null && content !== '')) {
      const assistant: OpenAI.Chat.ChatCompletionAssistantMessageParam = { role: 'assistant', content };
      if (calls.length > 0) assistant.tool_calls = calls;
      this.messages.push(assistant);
    }
    const action: AgentAction = { content, toolCalls: calls.map((tc) => ({ id: tc.id, name: tc.function.name, arguments: tc.function.arguments })), completionTokens: res.usage.completionTokens };
    if (res.issues.length > 0) action.replyIssues = res.issues;
    return action;
  }

  usage(): AgentUsage {
    return { ...this.totals };
  }

  info(): Record<string, string> {
    return { model: this.client.model, prompt: this.prompts.system.id, tasksPrompt: this.prompts.tasks.id, deliveryPrompt: this.prompts.delivery.id, lifecyclePrompt: this.prompts.lifecycle.id };
  }
}
