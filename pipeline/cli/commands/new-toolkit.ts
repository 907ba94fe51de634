import type { Command } from '@commander-js/extra-typings';
import { scaffoldToolkit } from '../../scaffold/new-toolkit.ts';
import { loadRegistry } from '../../world/registry.ts';
import { UserInputError } from '../../core/errors.ts';
import type { CliContext } from '../context.ts';

export function registerNewToolkit(program: Command, ctx: CliContext): void {
  program
    .command('new-toolkit')
    .description('write a working toolkit plugin skeleton (definition, simulator, seeds, test)')
    .argument('<name>', 'snake_case toolkit name')
    .option('--dir <dir>', 'parent folder of the new toolkit folder', '.')
    .action(async (name, opts) => {
      const registry = await loadRegistry();
      if (registry.toolkit(name)) throw new UserInputError(`"${name}" is the name of a built-in toolkit; toolkit names must be unique, so choose another.`);
      const { dir, files } = scaffoldToolkit(name, opts.dir);
      ctx.stdout.write(
        `wrote toolkit "${name}" in ${dir}:\n${files.map((f) => `  ${f}`).join('\n')}\n\n` +
          `next:\n  npx asynctool validate ${dir}\n  node --test ${dir}\n  npx asynctool build --toolkits ${dir}\n` +
          `then edit toolkit.yaml, simulator.mjs and seeds/ (docs/extending.md explains each part).\n`,
      );
    });
}
