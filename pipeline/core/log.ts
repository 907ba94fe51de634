import { escapeControl } from './terminal.ts';

/** Progress and status lines go to stderr so stdout stays clean for --json output. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** Anything text can be written to: a process stream, or a buffer when the CLI runs in-process. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Messages often carry untrusted text (endpoint errors, file contents): ESC and BEL are shown, never obeyed. */
export function streamLogger(stream: TextSink): Logger {
  return {
    info: (m) => stream.write(escapeControl(m) + '\n'),
    warn: (m) => stream.write(`warning: ${escapeControl(m)}\n`),
  };
}

export const stderrLogger: Logger = streamLogger(process.stderr);

export const silentLogger: Logger = { info: () => {}, warn: () => {} };
