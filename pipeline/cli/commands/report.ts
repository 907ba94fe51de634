import type { Command } from '@commander-js/extra-typings';
import { writeReport } from '../../report/build.ts';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML report of one or more evaluation runs: leaderboard, charts, failure modes, episode timelines')
    .argument('<run-dir...>', 'run folders written by asynctool evaluate')
    .option('--out <file>', 'the HTML file to write', 'report.html')
    .option('--dataset <file>', 'the dataset the runs used (default: the one named in each summary.json)')
    .option('--title <text>', 'the page title', 'AsyncTool report')
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .action(async (runDirs, opts) => {
      const result = await writeReport({ runDirs, out: opts.out, dataset: opts.dataset, title: opts.title, toolkitDirs: opts.toolkits });
      process.stdout.write(`wrote ${result.file}: ${result.runs} run(s), ${result.episodes} episodes, ${(result.bytes / 1e6).toFixed(2)} MB\n`);
    });
}
