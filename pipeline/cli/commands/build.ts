import type { Command } from '@commander-js/extra-typings';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import { resolve } from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { loadRegistry } from '../../world/registry.ts';
import type { CliContext } from '../context.ts';

export function registerBuild(program: Command, ctx: CliContext): void {
  program
    .command('build')
    .description('run every pipeline stage (seed, evolve, compose, schedule, validate, dedup, export) and write the dataset')
    .option('-c, --config <file>', 'pipeline config (YAML); default pipeline.config.yaml when present, else the built-in defaults')
    .option(TOOLKITS_FLAG, `${TOOLKITS_HELP}, beside the config's toolkits: list`, collect, [] as string[])
    .option('--force', 'rerun every stage even when its inputs and config are unchanged')
    .option('--json', 'print the stage stats as JSON on stdout')
    .action(async (opts) => {
      const { config } = loadConfig(opts.config);
      config.toolkits = [...config.toolkits, ...opts.toolkits.map((d) => resolve(d))];
      // Loaded on use: the stages pull in the engine and agents, which other commands do not need.
      const { buildDataset, formatStats } = await import('../../stages/build.ts');
      const registry = await loadRegistry(config.toolkits);
      const stats = await buildDataset(config, { registry, logger: ctx.logger, force: opts.force });
      ctx.stdout.write(opts.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats) + '\n');
    });
}
