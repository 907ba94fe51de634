import { streamLogger, type Logger, type TextSink } from '../core/log.ts';

export type { TextSink };

/**
 * Where one run of the CLI writes and how it reacts to Ctrl-C. The binary passes the process's
 * streams; a test passes buffers and calls main() in-process, without a child process.
 */
export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  /** Called once a long command (evaluate) has a run folder: the binary arms SIGINT with it; in-process callers leave it out. */
  onInterrupt?: (notice: () => void) => void;
}

/** What a command's action uses instead of process.*: its streams, a logger on its stderr, and its exit status. */
export interface CliContext extends CliIo {
  logger: Logger;
  /** Ends the run with this exit status once the action returns (a non-fatal failure: the output is still printed). */
  fail(code?: number): void;
}

export function createContext(io: CliIo): { ctx: CliContext; exitCode: () => number } {
  let code = 0;
  const ctx: CliContext = {
    ...io,
    logger: streamLogger(io.stderr),
    fail: (c = 1) => {
      code = c;
    },
  };
  return { ctx, exitCode: () => code };
}
