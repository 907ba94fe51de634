import type { Command } from '@commander-js/extra-typings';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import type { CliContext } from '../context.ts';

export function registerRescore(program: Command, ctx: CliContext): void {
  program
    .command('rescore')
    .description("score a run's saved traces again with the current scorer (refused when the dataset or toolkits changed)")
    .argument('<run-dir>', 'folder of an evaluate run (holds run.json and traces.jsonl)')
    .option('--dataset <file>', 'the dataset the run used (default: the one recorded in run.json)')
    .option(TOOLKITS_FLAG, `${TOOLKITS_HELP} (default: those recorded in run.json)`, collect, [] as string[])
    .option('--json', 'print summary.json on stdout instead of the table')
    .action(async (runDir, opts) => {
      const { rescoreRun } = await import('../../evaluate/rescore.ts');
      const { formatSummaryTable } = await import('../../score/summary.ts');
      const result = await rescoreRun(runDir, { dataset: opts.dataset, toolkitDirs: opts.toolkits.length > 0 ? opts.toolkits : undefined, logger: ctx.logger });
      ctx.stdout.write(opts.json ? `${JSON.stringify(result.summary, null, 2)}\n` : `${formatSummaryTable(result.summary)}\n`);
      ctx.logger.info(`rescored ${result.episodes} episode(s) in ${runDir}; ${result.changed} score(s) changed`);
    });
}
