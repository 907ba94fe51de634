import { Command, CommanderError } from '@commander-js/extra-typings';
import { describeFailure, isUserFacing } from '../core/errors.ts';
import { escapeControl } from '../core/terminal.ts';
import { commands } from './commands/index.ts';
import { readFileSync } from 'node:fs';
import { rootPath } from '../core/package-root.ts';
import { createContext, type CliContext, type CliIo } from './context.ts';

// Two or three examples per command, shown at the end of its --help (JSON: parsed without a YAML parser at start-up).
const examples = JSON.parse(readFileSync(new URL('./examples.json', import.meta.url), 'utf8')) as Record<string, string[]>;
const pkg = JSON.parse(readFileSync(rootPath('package.json'), 'utf8')) as { version: string };

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * The program for one command line: the command it names is loaded whole, every other command is
 * listed by name and summary only (see commands/index.ts). With no command named, or only `help`,
 * every command is loaded for `help <command>`. Commander writes to the context's streams and
 * throws instead of exiting (settings set here are inherited by every subcommand added after).
 */
export async function buildProgram(argv: readonly string[] = process.argv, ctx: CliContext = createContext(processIo).ctx): Promise<Command> {
  const program = new Command('asynctool')
    .description('AsyncTool: a benchmark and data generator for asynchronous tool calling')
    .version(pkg.version)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void ctx.stdout.write(s), writeErr: (s) => void ctx.stderr.write(s) })
    .showHelpAfterError(`(add --help for usage and examples)`);
  const named = argv.slice(2).find((a) => !a.startsWith('-'));
  const loadAll = named === 'help';
  for (const entry of commands) {
    if (loadAll || entry.name === named) (await entry.load())(program, ctx);
    else program.command(entry.name).description(entry.summary);
  }
  for (const cmd of program.commands) {
    const lines = examples[cmd.name()];
    if (lines && cmd.options.length + cmd.commands.length > 0) cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);
  }
  return program;
}

/**
 * Runs one command line (`argv` as in process.argv: two leading entries, then the arguments) and
 * returns its exit status; it never exits the process, so tests call it in-process. The one error
 * boundary: whatever is thrown ends in one `error:` line and status 1. User errors print their
 * message; file-system failures their path and cause; anything else its description (the stack
 * too with ASYNCTOOL_DEBUG=1). Commander has already printed its own usage errors and help.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const { ctx, exitCode } = createContext(io);
  try {
    await (await buildProgram(argv, ctx)).parseAsync(argv);
    return exitCode();
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const line = isUserFacing(err) ? err.message : describeFailure(err);
    io.stderr.write(`error: ${escapeControl(line)}\n`);
    if (!isUserFacing(err) && process.env.ASYNCTOOL_DEBUG === '1' && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
