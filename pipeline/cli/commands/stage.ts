import type { Command } from '@commander-js/extra-typings';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import { dirname, resolve } from 'node:path';
import { loadConfig } from '../../config/load.ts';
import { UserInputError } from '../../core/errors.ts';
import { loadRegistry } from '../../world/registry.ts';
import { STAGE_NAMES, type StageName } from '../../stages/stage.ts';
import type { CliContext } from '../context.ts';

export function registerStage(program: Command, ctx: CliContext): void {
  program
    .command('stage')
    .description(`run one pipeline stage alone (${STAGE_NAMES.join(', ')})`)
    .argument('<name>', 'the stage')
    .option('--in <path...>', 'input JSONL file(s), or seed files and folders for the seed stage; default: the build layout of the config')
    .option('--out <file>', 'output JSONL file; default: the build layout of the config')
    .option('-c, --config <file>', 'pipeline config (YAML); default pipeline.config.yaml when present, else the built-in defaults')
    .option(TOOLKITS_FLAG, `${TOOLKITS_HELP}, beside the config's toolkits: list`, collect, [] as string[])
    .option('--force', 'rerun even when inputs and config are unchanged')
    .option('--json', 'print the stage stats as JSON on stdout')
    .action(async (name, opts) => {
      if (!(STAGE_NAMES as readonly string[]).includes(name)) throw new UserInputError(`unknown stage "${name}"; the stages are ${STAGE_NAMES.join(', ')}`);
      const stageName = name as StageName;
      const { config } = loadConfig(opts.config);
      config.toolkits = [...config.toolkits, ...opts.toolkits.map((d) => resolve(d))];
      // Loaded on use: the stages pull in the engine and agents, which other commands do not need.
      const [{ runStage }, { STAGES, stageLayout }, { formatStats }] = await Promise.all([import('../../stages/runner.ts'), import('../../stages/index.ts'), import('../../stages/build.ts')]);
      const layout = stageLayout(config)[stageName];
      const output = opts.out ?? layout.output;
      const registry = await loadRegistry(config.toolkits);
      // In a build the state files live in the work folder; alone, beside the output (export: the work folder, where the earlier reports are).
      const stateDir = opts.out && stageName !== 'export' ? dirname(output) : config.workDir;
      const stats = await runStage(STAGES[stageName], { inputs: opts.in ?? layout.inputs, output, stateDir, force: opts.force }, { config, registry, logger: ctx.logger });
      ctx.stdout.write(opts.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats([stats]) + '\n');
    });
}
