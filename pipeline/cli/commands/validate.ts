import type { Command } from '@commander-js/extra-typings';
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { BUILTIN_TOOLKITS_DIR, findToolkitDirs, loadRegistry } from '../../world/registry.ts';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import { formatProblem, validatePaths } from '../../validate/files.ts';
import type { CliContext } from '../context.ts';

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check seed files, toolkit folders or a dataset JSONL against the schemas and their meaning')
    .argument('<path...>', 'files or folders (seeds/, toolkits/, output/asynctool.jsonl)')
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (paths, opts) => {
      // A toolkit folder given as a path is loaded too, so `validate ./my_toolkit` checks a plugin and its seeds.
      const registry = await loadRegistry([...opts.toolkits, ...pluginDirsAmong(paths)]);
      const summary = await validatePaths(paths, registry, (p) => ctx.stderr.write(formatProblem(p) + '\n'));
      const tasks = Object.values(summary.validTasksByToolkit).reduce((a, b) => a + b, 0);
      const toolkits = Object.keys(summary.validTasksByToolkit).length;
      if (opts.json) ctx.stdout.write(JSON.stringify({ ...summary, validTasks: tasks }, null, 2) + '\n');
      else {
        ctx.stdout.write(
          `${summary.files} file(s), ${summary.records} record(s): ${summary.validRecords} valid, ${summary.problems} problem(s); ` +
            `${tasks} valid task(s) over ${toolkits} toolkit(s)${summary.toolkits ? `; ${summary.toolkits} toolkit folder(s) checked` : ''}\n`,
        );
      }
      if (summary.problems > 0) ctx.fail(1);
    });
}

function pluginDirsAmong(paths: readonly string[]): string[] {
  return paths
    .filter((p) => existsSync(p) && statSync(p).isDirectory())
    .flatMap((p) => findToolkitDirs(p))
    .filter((d) => !resolve(d).startsWith(BUILTIN_TOOLKITS_DIR + sep));
}
