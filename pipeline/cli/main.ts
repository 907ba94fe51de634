import { Command } from '@commander-js/extra-typings';
import { isUserFacing } from '../core/errors.ts';
import { escapeControl } from '../core/terminal.ts';
import { commands } from './commands/index.ts';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('asynctool')
    .description('AsyncTool: a benchmark and data generator for asynchronous tool calling')
    .version(pkg.version)
    .showHelpAfterError();
  for (const register of commands) register(program);
  return program;
}

/** The one place that turns user errors into messages: no stack for them, exit 1. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (isUserFacing(err)) {
      process.stderr.write(`error: ${escapeControl(err.message)}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
