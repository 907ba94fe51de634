import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../context.ts';

/** Each command is one thin file that adds itself to the program. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/**
 * The command table: one line per command. A command's module (and what it imports: schemas,
 * toolkits, the LLM client) is loaded only when that command runs, so `--help` and every other
 * command start without it. `summary` is what the top-level help lists; a test checks it matches
 * the command's own description.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<RegisterCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'import', summary: 'convert records of public function-calling benchmarks into seed tasks', load: async () => (await import('./import.ts')).registerImport },
  { name: 'validate', summary: 'check seed files, toolkit folders or a dataset JSONL against the schemas and their meaning', load: async () => (await import('./validate.ts')).registerValidate },
  { name: 'stats', summary: 'counts per toolkit, steps per task, dependency depth and gold-call latency of seeds or a dataset', load: async () => (await import('./stats.ts')).registerStats },
  { name: 'new-toolkit', summary: 'write a working toolkit plugin skeleton (definition, simulator, seeds, test)', load: async () => (await import('./new-toolkit.ts')).registerNewToolkit },
  { name: 'build', summary: 'run every pipeline stage (seed, evolve, compose, schedule, validate, dedup, export) and write the dataset', load: async () => (await import('./build.ts')).registerBuild },
  { name: 'stage', summary: 'run one pipeline stage alone (seed, evolve, compose, schedule, validate, dedup, export)', load: async () => (await import('./stage.ts')).registerStage },
  { name: 'evaluate', summary: 'run an agent on every sample of a dataset and score it (resumes an interrupted run)', load: async () => (await import('./evaluate.ts')).registerEvaluate },
  {
    name: 'rescore',
    summary: "score a run's saved traces again with the current scorer (refused when the dataset or toolkits changed)",
    load: async () => (await import('./rescore.ts')).registerRescore,
  },
  {
    name: 'report',
    summary: 'one self-contained HTML report of one or more evaluation runs: leaderboard, charts, failure modes, episode timelines',
    load: async () => (await import('./report.ts')).registerReport,
  },
  { name: 'compare', summary: 'the leaderboard of evaluation runs side by side, every headline metric with its 95% interval', load: async () => (await import('./compare.ts')).registerCompare },
  { name: 'ablate', summary: 'run one agent in instant, sync and async modes on the same samples and report what delay alone costs', load: async () => (await import('./ablate.ts')).registerAblate },
];
