import { escapeControl } from './terminal.ts';

/** Progress and status lines go to stderr so stdout stays clean for --json output. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Messages often carry untrusted text (endpoint errors, file contents): ESC and BEL are shown, never obeyed. */
export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(escapeControl(m) + '\n'),
  warn: (m) => process.stderr.write(`warning: ${escapeControl(m)}\n`),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
