import type { Command } from '@commander-js/extra-typings';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError } from '../../core/errors.ts';
import { writeReport } from '../../report/build.ts';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import type { CliContext } from '../context.ts';

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('one self-contained HTML report of one or more evaluation runs: leaderboard, charts, failure modes, episode timelines')
    .argument('<run-dir...>', 'run folders written by asynctool evaluate')
    .option('--out <file>', 'the HTML file to write', 'report.html')
    .option('--dataset <file>', 'the dataset the runs used (default: the one named in each summary.json)')
    .option('--title <text>', 'the page title', 'AsyncTool report')
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .action(async (runDirs, opts) => {
      // Checked before the page is built: a report of many runs takes a while to render.
      if (statSync(opts.out, { throwIfNoEntry: false })?.isDirectory()) {
        throw new UserInputError(`--out is a folder; give the HTML file to write, e.g. --out ${join(opts.out, 'report.html')}`, { file: opts.out });
      }
      const result = await writeReport({ runDirs, out: opts.out, dataset: opts.dataset, title: opts.title, toolkitDirs: opts.toolkits, logger: ctx.logger });
      ctx.stdout.write(`wrote ${result.file}: ${result.runs} run(s), ${result.episodes} episodes, ${(result.bytes / 1e6).toFixed(2)} MB\n`);
    });
}
