import type { Command } from '@commander-js/extra-typings';
import { formatMarkdown, formatTerminal, leaderboardJson } from '../../report/compare.ts';
import { distinctLabels, loadRun } from '../../report/load.ts';
import type { CliContext } from '../context.ts';

export function registerCompare(program: Command, ctx: CliContext): void {
  program
    .command('compare')
    .description('the leaderboard of evaluation runs side by side, every headline metric with its 95% interval')
    .argument('<run-dir...>', 'run folders written by asynctool evaluate')
    .option('--json', 'print the leaderboard as JSON')
    .option('--markdown', 'print a Markdown table (for a paper or a README)')
    .action(async (runDirs, opts) => {
      const runs = distinctLabels(await Promise.all(runDirs.map((dir) => loadRun(dir, ctx.logger))));
      const text = opts.json ? JSON.stringify(leaderboardJson(runs), null, 2) : opts.markdown ? formatMarkdown(runs) : formatTerminal(runs);
      ctx.stdout.write(text + '\n');
    });
}
