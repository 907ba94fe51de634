import type { PipelineConfig } from '../../config/schema.ts';
import type { Sample } from '../../schema/sample.ts';
import { importOrigins, lineageRoot } from '../imported.ts';

const pct = (n: number, total: number) => `${total === 0 ? 0 : ((100 * n) / total).toFixed(1)}%`;

/**
 * The card's account of how the tasks were made, counted from the samples themselves (not from
 * what the config asked for): which operators ran, whether an LLM was used, how many tasks are
 * unmodified seeds or bridge tasks, the calls meant to fail, the sample slots left empty, and the
 * limitations a user should know.
 */
export function methodSection(samples: readonly Sample[], config: PipelineConfig): string[] {
  const tasks = samples.flatMap((s) => s.tasks);
  const ops = (t: Sample['tasks'][number]) => t.provenance?.operators ?? [];
  const withOp = (prefix: string) => tasks.filter((t) => ops(t).some((o) => o.startsWith(prefix))).length;
  const isBridge = (t: Sample['tasks'][number]) => ops(t).some((o) => o.startsWith('bridge:'));
  const bridges = tasks.filter(isBridge).length;
  const seeds = new Set(tasks.filter((t) => !isBridge(t) && importOrigins(t.provenance).length === 0).map(lineageRoot)).size;
  const unmodified = tasks.filter((t) => ops(t).every((o) => o.startsWith('import:'))).length;
  const failing = tasks.flatMap((t) => t.calls.filter((c) => c.expectError));
  const failingTasks = tasks.filter((t) => t.calls.some((c) => c.expectError)).length;
  const models = [...new Set(tasks.map((t) => t.provenance?.model).filter((m): m is string => !!m))].sort();
  const target = Object.values(config.compose.targets).reduce((a, b) => a + b, 0);
  const rule = config.evolve.rule;
  const operatorRows = (['values', 'reword', 'extend', 'constraint', 'recovery'] as const).map((op) => `| \`rule:${op}\` | ${rule[op]} | ${withOp(`rule:${op}`)} |`);
  return [
    '## How the tasks were made',
    '',
    models.length === 0
      ? "**No LLM was used to build this file.** Every query was written by hand (the seeds, the bridge tasks in each toolkit's `language.yaml`) or derived from one by the rule-based operators below."
      : `LLM operators ran with ${models.map((m) => `\`${m}\``).join(', ')}; their prompt ids are kept in each task's \`provenance\`.`,
    '',
    `- Unmodified seed tasks: ${unmodified} of ${tasks.length} tasks (${pct(unmodified, tasks.length)}).`,
    `- Bridge tasks: ${bridges} (${pct(bridges, tasks.length)}). A bridge task is a short hand-written question of one toolkit that takes the answer of another task of the sample ("How many words are in the error line from T1?", "Cover the flight fare from T2 with cash from my trading account..."); every cross-task dependency of the dataset is one.`,
    `- Calls meant to fail: ${failing.length} gold calls in ${failingTasks} tasks carry \`expectError\` (a first attempt the seed's query itself describes, e.g. "if that card is declined, pay with card_4821"); the scorer does not require them.`,
    `- Sample slots left empty: ${Math.max(0, target - samples.length)} of ${target} requested (${Object.entries(config.compose.targets)
      .map(([k, n]) => `${n} with ${k} tasks`)
      .join(', ')}), mostly two-task chains, which are serial by nature and rarely pass \`minAsyncRatio\` ${config.schedule.minAsyncRatio}.`,
    '',
    '| operator | children per task (config) | tasks carrying it |',
    '| --- | --- | --- |',
    ...operatorRows,
    '',
    '`rule:extend`, `rule:constraint` and `rule:recovery` are off by default: their steps were built from function descriptions and read as such. Every task, seed or child, passed the task contract (`pipeline/validate/contract.ts`: no pasted descriptions or code names, one question, a short answer the query asks for, decimals as stated, links on the answer path); the rejections per rule are in `manifest.json` under `stages`.',
    '',
    '## Limitations',
    '',
    `- The tasks come from ${seeds} hand-written seeds; ` +
      "values and rewording vary them, so many samples share a seed's wording. `rule:values` changes only slots whose semantic type has a hand-written list in the toolkit's `language.yaml` (airports, dates, symbols, amounts...; never file, table or dataset names, units or operations), so some toolkits vary little. `rule:reword` rewrites one sentence the way a person might (a closing request as a question or back, \"Please\" before an opening imperative); the rest of the query keeps the seed's words.",
    "- Bridge tasks are simple by design (a unit or currency conversion, a word count, sending or filing the reported text, a fare weighed against the trading cash): they make a dependency real, not hard. They act only on a task's answer, and a producer whose query shares no word with the bridge's noun for it feeds no bridge, so few task kinds feed them.",
    '- The toolkits are simulators written from public docs; their data (users, tickets, files, prices) is small and fictional, and the same entities recur across samples.',
    '- The `ticket` toolkit is a support-ticket (helpdesk) system, not ticket purchasing.',
    '- The contract checks wording by rules; it cannot tell whether a statement in a query is true of the state beyond what replaying the gold path shows.',
    '',
  ];
}
