import type { Command } from '@commander-js/extra-typings';
import { loadConfig } from '../../config/load.ts';
import { stderrLogger } from '../../core/log.ts';
import { loadRegistry } from '../../world/registry.ts';

export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('run every pipeline stage (seed, evolve, compose, schedule, validate, dedup, export) and write the dataset')
    .option('-c, --config <file>', 'pipeline config (YAML); default pipeline.config.yaml when present, else the built-in defaults')
    .option('--force', 'rerun every stage even when its inputs and config are unchanged')
    .option('--json', 'print the stage stats as JSON on stdout')
    .action(async (opts) => {
      const { config } = loadConfig(opts.config);
      // Loaded on use: the stages pull in the engine and agents, which other commands do not need.
      const { buildDataset, formatStats } = await import('../../stages/build.ts');
      const registry = await loadRegistry(config.toolkits);
      const stats = await buildDataset(config, { registry, logger: stderrLogger, force: opts.force });
      process.stdout.write(opts.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats) + '\n');
    });
}
