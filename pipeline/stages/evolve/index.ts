import { rngFor } from '../../core/rng.ts';
import { LlmClient } from '../../llm/client.ts';
import { loadPrompt } from '../../llm/prompts.ts';
import { parseTask } from '../record-input.ts';
import type { Task } from '../../schema/task.ts';
import type { PipelineConfig } from '../../config/schema.ts';
import { checkTask } from '../task-check.ts';
import type { PerRecordStage, StageContext } from '../stage.ts';
import { ChildSet } from './children.ts';
import { LLM_OPERATORS, runLlmOperator, type LlmOperatorName } from './llm/operators.ts';
import type { Prompt } from '../../llm/prompts.ts';
import { RULE_OPERATORS } from './rules/index.ts';
import { loadTemplates } from './templates.ts';

interface EvolveShared {
  llm?: { client: LlmClient; prompts: Record<LlmOperatorName, Prompt> };
  inapplicable: Record<string, number>;
}

/**
 * Stage 2: every task passes through unchanged, followed by its children: the rule-based
 * operators always, the LLM operators when an endpoint is configured. Every child is validated by
 * execution; provenance (parents, operators, prompt id and hash, model) is kept on it.
 */
export const evolveStage: PerRecordStage<Task, Task, EvolveShared> = {
  kind: 'per-record',
  name: 'evolve',
  inputKind: "tasks (the seed stage's output)",
  configSlice: (config: PipelineConfig) => ({ seed: config.seed, evolve: config.evolve.llm.endpoint ? config.evolve : { rule: config.evolve.rule } }),
  parseInput: parseTask,
  keyOf: (task) => task.id,
  idOf: (task) => task.id,
  prepare(ctx: StageContext): EvolveShared {
    loadTemplates();
    const endpoint = ctx.config.evolve.llm.endpoint;
    if (!endpoint) return { inapplicable: {} };
    // Prompts are read before the first request, so a missing file fails the plan, not record 57.
    const prompts = Object.fromEntries(LLM_OPERATORS.map((name) => [name, loadPrompt(`evolve-${name}`)])) as Record<LlmOperatorName, Prompt>;
    const client = new LlmClient({
      model: endpoint.model,
      baseURL: endpoint.baseURL,
      apiKeyEnv: endpoint.apiKeyEnv,
      concurrency: endpoint.concurrency,
      timeoutMs: endpoint.timeoutMs,
      maxRetries: endpoint.maxRetries,
      cacheDir: endpoint.cacheDir,
      logger: ctx.logger,
    });
    return { llm: { client, prompts }, inapplicable: {} };
  },
  async process(task, ctx, shared) {
    const { registry, config } = ctx;
    const check = checkTask(task, registry);
    if (!check.ok) return { out: [], rejected: [{ id: task.id, ...check.fault }] };
    const toolkit = registry.toolkit(task.toolkit)!;
    const children = new ChildSet(task, registry);
    const templates = loadTemplates();
    const rule = config.evolve.rule;
    for (const op of RULE_OPERATORS) {
      const operator = `rule:${op.name}`;
      for (let attempt = 1; attempt <= rule.attempts * rule[op.name] && children.count(operator) < rule[op.name]; attempt++) {
        const rng = rngFor(config.seed, 'evolve', task.id, op.name, attempt);
        const proposal = op.propose(task, { registry, toolkit, run: check.run, rng, templates, maxCalls: rule.maxCalls });
        if ('inapplicable' in proposal) {
          shared.inapplicable[operator] = (shared.inapplicable[operator] ?? 0) + 1;
          break;
        }
        if ('refused' in proposal) {
          children.reject(operator, attempt, proposal.refused, proposal.detail);
          continue;
        }
        children.offer(operator, attempt, proposal.task);
      }
    }
    if (shared.llm) {
      const env = { ...shared.llm, toolkit, run: check.run, temperature: config.evolve.llm.endpoint!.temperature };
      for (const name of LLM_OPERATORS) await runLlmOperator(name, config.evolve.llm[name], task, env, children);
    }
    return { out: [task, ...children.children], rejected: children.rejected };
  },
  finish(shared) {
    return {
      inapplicable: shared.inapplicable,
      ...(shared.llm ? { llm: { model: shared.llm.client.model, prompts: Object.values(shared.llm.prompts).map((p) => p.id), usage: shared.llm.client.usage() } } : {}),
    };
  },
};
