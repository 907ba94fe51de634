import { Option, type Command } from '@commander-js/extra-typings';
import { collect, intOption, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import { warnIgnoredModelFlags } from './evaluate.ts';
import { agentHelp } from '../../agents/registry.ts';
import { DEFAULT_DATASET } from '../../env/dataset.ts';
import { createProgress } from '../../evaluate/progress.ts';
import type { CliContext } from '../context.ts';

export function registerAblate(program: Command, ctx: CliContext): void {
  program
    .command('ablate')
    .description('run one agent in instant, sync and async modes on the same samples and report what delay alone costs')
    .requiredOption('--agent <id>', agentHelp())
    .option('--dataset <file>', 'dataset JSONL', DEFAULT_DATASET)
    .option('--out <dir>', 'ablation folder, one run folder per mode inside (default output/ablations/<agent>-<timestamp>/); an existing one is resumed')
    .addOption(
      new Option(
        '--by <group>',
        'also compare the modes per latency regime or per number of tasks; delivery: compare the delivery protocols (push, poll, notify, silent) in async mode instead',
      ).choices(['regime', 'tasks', 'delivery'] as const),
    )
    .option('--limit <n>', 'only the first N samples', intOption('--limit', 1))
    .option('--seed <s>', 'seed for latencies of unmatched calls and for model sampling', intOption('--seed', 0))
    .option('--concurrency <n>', 'episodes run at once', intOption('--concurrency', 1))
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .option('--base-url <url>', 'OpenAI-compatible endpoint (default $OPENAI_BASE_URL or the OpenAI API)')
    .option('--api-key-env <name>', 'environment variable holding the API key', 'OPENAI_API_KEY')
    .option('--no-report', 'do not write report.html')
    .option('--json', 'print the ablation as JSON')
    .action(async (opts, cmd) => {
      warnIgnoredModelFlags(cmd, opts.agent, ctx.logger);
      // Loaded on use: the engine and agents are not needed by other commands.
      const { runAblation, formatAblation } = await import('../../report/ablate.ts');
      const result = await runAblation({
        dataset: opts.dataset,
        agent: opts.agent,
        agentFlags: { baseURL: opts.baseUrl, apiKeyEnv: opts.apiKeyEnv, logger: ctx.logger },
        out: opts.out,
        by: opts.by,
        limit: opts.limit,
        seed: opts.seed,
        concurrency: opts.concurrency,
        toolkitDirs: opts.toolkits,
        report: opts.report,
        logger: ctx.logger,
        progress: (total) => createProgress(total, ctx.stderr),
      });
      const modes = result.runs.map((r) => r.mode);
      ctx.stdout.write(opts.json ? JSON.stringify(result.ablations, null, 2) + '\n' : `${formatAblation(result.ablations, modes)}\n\nruns: ${result.outDir}\n`);
      if (result.reportFile) ctx.stdout.write(`report: ${result.reportFile}\n`);
    });
}
