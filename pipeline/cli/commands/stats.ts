import type { Command } from '@commander-js/extra-typings';
import { loadRegistry } from '../../world/registry.ts';
import { StatsAccumulator, formatStats } from '../../stats/stats.ts';
import { readCorpus } from '../../stats/read.ts';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import type { CliContext } from '../context.ts';

export function registerStats(program: Command, ctx: CliContext): void {
  program
    .command('stats')
    .description('counts per toolkit, steps per task, dependency depth and gold-call latency of seeds or a dataset')
    .argument('<path...>', 'seed files or folders, or a dataset JSONL')
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .option('--json', 'print the statistics as JSON')
    .action(async (paths, opts) => {
      const registry = await loadRegistry(opts.toolkits);
      const acc = new StatsAccumulator(registry);
      let skipped = 0;
      for await (const rec of readCorpus(paths, () => skipped++)) acc.add(rec);
      const stats = acc.result();
      ctx.stdout.write((opts.json ? JSON.stringify({ ...stats, skipped }, null, 2) : formatStats(stats)) + '\n');
      if (skipped > 0) ctx.stderr.write(`${skipped} record(s) or file(s) do not fit the schema and were skipped; run asynctool validate to see why\n`);
    });
}
