import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { collect, intOption, numberOption, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import { DEFAULT_DATASET } from '../../env/dataset.ts';
import { createProgress } from '../../evaluate/progress.ts';
import type { Logger } from '../../core/log.ts';
import { parseTurnCost } from '../../env/turn-cost.ts';
import { agentHelp, resolveAgent } from '../../agents/registry.ts';
import { AGENT_TABLE } from '../../agents/table.ts';
import type { CliContext } from '../context.ts';

/** Flag to commander's option key: --api-key-env is apiKeyEnv. */
const optionKey = (flag: string) => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Flags only some agents read (each table line lists its own); given with another agent they would silently change nothing. */
export function warnIgnoredModelFlags(cmd: { getOptionValueSource(key: string): string | undefined }, agent: string, logger: Logger): void {
  const own = resolveAgent(agent).kind.flags ?? [];
  const readers = AGENT_TABLE.filter((k) => k.flags?.some((f) => !own.includes(f) && cmd.getOptionValueSource(optionKey(f)) === 'cli'));
  const given = [...new Set(readers.flatMap((k) => k.flags ?? []))].filter((f) => !own.includes(f) && cmd.getOptionValueSource(optionKey(f)) === 'cli');
  if (given.length > 0) logger.warn(`${given.join(', ')} only apply to ${readers.map((k) => k.prefix).join(' or ')} agents; ignored for ${agent}`);
}

/** `64; openai: 8`: the default of most agents, then the agents that differ (for a model, requests in flight). */
function concurrencyHelp(): string {
  const usual = AGENT_TABLE[0]!.defaultConcurrency;
  const others = AGENT_TABLE.filter((k) => k.defaultConcurrency !== usual).map((k) => `${k.prefix} ${k.defaultConcurrency} requests in flight`);
  return [String(usual), ...others].join('; ');
}

export function registerEvaluate(program: Command, ctx: CliContext): void {
  program
    .command('evaluate')
    .description('run an agent on every sample of a dataset and score it (resumes an interrupted run)')
    .option('--dataset <file>', 'dataset JSONL', DEFAULT_DATASET)
    .requiredOption('--agent <id>', agentHelp())
    .addOption(new Option('--mode <mode>', 'async: pending handles; sync: every call blocks; instant: zero latency').choices(['async', 'sync', 'instant'] as const).default('async' as const))
    .addOption(
      new Option('--delivery <mode>', 'push: results sent before the next turn; poll: only through check/check_all; notify: a notice, the value through get_result; silent: nothing said')
        .choices(['push', 'poll', 'notify', 'silent'] as const)
        .default('push' as const),
    )
    .option('--trials <k>', 'runs per sample; trial t > 1 perturbs every gold latency by a seeded log-normal factor (sigma 0.5); adds pass^k and pass@k', intOption('--trials', 1), 1)
    .option('--turn-cost <spec>', "fixed:S (S virtual seconds per turn, default the sample's), tokens:R or tokens:S:R (S plus completion tokens / R per turn: thinking on the clock)", (v: string) => {
      try {
        return parseTurnCost(v);
      } catch (err) {
        throw new InvalidArgumentError((err as Error).message);
      }
    })
    .option('--late-failure <p>', 'share of gold calls (0-1) whose first attempt fails late, with an error at completion time; the retry succeeds', numberOption('--late-failure'))
    .option('--timeout <p>', 'share of gold calls (0-1) whose first attempt times out at its deadline, with an error and no state change; the re-issue succeeds', numberOption('--timeout'))
    .option('--ttl <seconds>', 'a finished result expires this many virtual seconds after completion if not delivered or fetched; fetching it then answers expired', numberOption('--ttl'))
    .option('--lifecycle-seed <s>', 'seed choosing the calls that fail late or time out (default 0)', intOption('--lifecycle-seed', 0), 0)
    .option('--out <dir>', 'run folder (default output/runs/<agent>-<mode>[-<delivery>]-<timestamp>/); an existing folder is resumed')
    .option('--resume', 'resume the latest run folder of this agent, mode and dataset')
    .option('--concurrency <n>', `episodes run at once (default ${concurrencyHelp()})`, intOption('--concurrency', 1))
    .option('--limit <n>', 'only the first N samples', intOption('--limit', 1))
    .option('--seed <s>', 'seed for latencies of unmatched calls and for model sampling', intOption('--seed', 0))
    .option('--turn-budget <n>', 'turns per episode (default 10 + 3 per gold call, at least 30)', intOption('--turn-budget', 1))
    .option('--time-budget <seconds>', 'virtual seconds per episode (default 60 + 4 x the sequential bound)', numberOption('--time-budget'))
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .option('--base-url <url>', 'OpenAI-compatible endpoint (default $OPENAI_BASE_URL or the OpenAI API)')
    .option('--api-key-env <name>', 'environment variable holding the API key', 'OPENAI_API_KEY')
    .option('--temperature <t>', 'sampling temperature', numberOption('--temperature'), 0)
    .option('--max-tokens <n>', 'max completion tokens per turn', intOption('--max-tokens', 1))
    .option('--parallel-tool-calls <on|off>', 'ask the endpoint for parallel tool calls (default: the endpoint default)', (v: string) => {
      if (v !== 'on' && v !== 'off') throw new InvalidArgumentError('use on or off');
      return v === 'on';
    })
    .option('--max-consecutive-failures <n>', 'stop the run after this many failed requests in a row (default 16)', intOption('--max-consecutive-failures', 1))
    .option('--max-silence <seconds>', 'stop the run when a request fails this long after the last successful reply (default 300)', numberOption('--max-silence'))
    .option('--price-input <usd>', 'USD per million prompt tokens (default: pipeline/llm/prices.yaml by model id)', numberOption('--price-input'))
    .option('--price-output <usd>', 'USD per million completion tokens (default: pipeline/llm/prices.yaml by model id)', numberOption('--price-output'))
    .option('--json', 'print summary.json on stdout instead of the table')
    .option('--no-report', 'do not write report.html in the run folder')
    .action(async (opts, cmd) => {
      warnIgnoredModelFlags(cmd, opts.agent, ctx.logger);
      // Loaded on use: the engine, agents and LLM client are not needed by other commands.
      const { runEvaluation } = await import('../../evaluate/run.ts');
      const { formatSummaryTable } = await import('../../score/summary.ts');
      const result = await runEvaluation({
        dataset: opts.dataset,
        agent: opts.agent,
        mode: opts.mode,
        delivery: opts.delivery,
        trials: opts.trials,
        turnCost: opts.turnCost,
        conditions:
          opts.lateFailure === undefined && opts.timeout === undefined && opts.ttl === undefined
            ? undefined
            : {
                lateFailure: Math.min(1, opts.lateFailure ?? 0),
                ...(opts.timeout === undefined ? {} : { timeout: Math.min(1, opts.timeout) }),
                ...(opts.ttl === undefined ? {} : { ttl: opts.ttl }),
                seed: opts.lifecycleSeed,
              },
        out: opts.out,
        resume: opts.resume,
        concurrency: opts.concurrency,
        limit: opts.limit,
        seed: opts.seed,
        turnBudget: opts.turnBudget,
        timeBudget: opts.timeBudget,
        toolkitDirs: opts.toolkits,
        price: { input: opts.priceInput, output: opts.priceOutput },
        agentFlags: {
          baseURL: opts.baseUrl,
          apiKeyEnv: opts.apiKeyEnv,
          temperature: opts.temperature,
          maxTokens: opts.maxTokens,
          parallelToolCalls: opts.parallelToolCalls,
          maxConsecutiveFailures: opts.maxConsecutiveFailures,
          maxSilenceMs: opts.maxSilence === undefined ? undefined : opts.maxSilence * 1000,
          logger: ctx.logger,
        },
        logger: ctx.logger,
        progress: (total) => createProgress(total, ctx.stderr),
        onStart: (outDir) => {
          ctx.onInterrupt?.(() => {
            ctx.stderr.write(`\ninterrupted; finished episodes are saved in ${outDir}. Rerun the same command (or add --out ${outDir}) to resume.\n`);
          });
        },
      });
      ctx.stdout.write(opts.json ? JSON.stringify(result.summary, null, 2) + '\n' : `${formatSummaryTable(result.summary)}\n\nresults: ${result.outDir}\n`);
      if (opts.report) {
        const { writeReport } = await import('../../report/build.ts');
        const report = await writeReport({ runDirs: [result.outDir], out: `${result.outDir}/report.html`, dataset: opts.dataset, toolkitDirs: opts.toolkits, logger: ctx.logger });
        ctx.logger.info(`report: ${report.file}`);
      }
      if (result.failed.length > 0) {
        ctx.logger.warn(`${result.failed.length} episode(s) failed on endpoint errors and were not recorded; rerun the same command to retry them.`);
        ctx.fail(1);
      }
    });
}
