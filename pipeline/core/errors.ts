/**
 * The one family of errors a user can act on. The CLI prints `message` (never the stack)
 * for these and exits 1; anything else is a bug and keeps its stack.
 */
export class AsyncToolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Where a problem sits: file, line (JSONL), record id, JSON path. */
export interface Location {
  file?: string;
  line?: number;
  record?: string;
  path?: string;
}

export function formatLocation(loc: Location): string {
  const parts: string[] = [];
  if (loc.file) parts.push(loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file);
  if (loc.record) parts.push(`record ${loc.record}`);
  if (loc.path) parts.push(`at ${loc.path}`);
  return parts.join(', ');
}

/** Bad input from the user: a file, a flag, a config value, a record. */
export class UserInputError extends AsyncToolError {
  readonly location: Location;
  constructor(message: string, location: Location = {}, options?: { cause?: unknown }) {
    const where = formatLocation(location);
    super(where ? `${where}: ${message}` : message, options);
    this.location = location;
  }
}

/** A config file that does not validate. */
export class ConfigError extends UserInputError {}

/** A toolkit definition or simulator (built-in or plugin) that cannot be used. */
export class ToolkitError extends UserInputError {}

/** A model reply that cannot be used (bad JSON, wrong shape); recorded as a rejection, never fatal to a stage. */
export class ModelReplyError extends AsyncToolError {
  constructor(
    message: string,
    readonly reply?: string,
  ) {
    super(message);
  }
}

/** An LLM endpoint that failed after retries, or refused for a reason retrying cannot fix. */
export class EndpointError extends AsyncToolError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A tool error raised inside a simulator: an ordinary result the agent sees
 * (unknown file, insufficient funds), not a crash.
 */
export class ToolError extends Error {
  constructor(message: string) {
    // A tool error is a result, not a bug: nobody reads its stack, and capturing one costs more than the simulator call.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'ToolError';
  }
}

/** A run stopping on purpose (circuit breaker, stop flag): episodes in flight give up without a record. */
export class RunStopped extends AsyncToolError {}

/**
 * One line for anything thrown, whatever it is: an Error, a string, an object whose toString
 * throws, a BigInt. Never throws itself, so it is safe inside error handlers.
 */
export function describeThrown(err: unknown): string {
  try {
    if (err instanceof Error) return `${err.name}: ${err.message}`;
    if (typeof err === 'string') return err;
    return `thrown ${typeof err}: ${String(err)}`;
  } catch {
    return `thrown ${typeof err} that cannot be shown`;
  }
}

export function isUserFacing(err: unknown): err is AsyncToolError {
  return err instanceof AsyncToolError;
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'is on a read-only file system',
  ENOSPC: 'no space left on the device (the disk is full)',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists and is not a folder',
  EMFILE: 'too many open files',
  EIO: 'input/output error from the device',
  ENAMETOOLONG: 'the path is too long',
};

/**
 * The one line the CLI prints for anything thrown that is not an AsyncToolError: a file-system
 * failure names its path and what to check; a stack overflow names the likely cause (input nested
 * too deeply); anything else is shown by its description, as a bug.
 */
export function describeFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  try {
    if (e && typeof e === 'object' && typeof e.code === 'string' && e.code in FS_REASONS) {
      const where = typeof e.path === 'string' ? `${e.path}: ` : '';
      const target = (e as { dest?: unknown }).dest;
      const dest = typeof target === 'string' ? ` (to ${target})` : '';
      return `${where}${FS_REASONS[e.code]}${dest} [${e.code} in ${e.syscall ?? 'a file operation'}]`;
    }
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      return 'an input is nested too deeply to process (maximum call stack size exceeded); check for very deep JSON or YAML, or a reference cycle';
    }
  } catch {
    // fall through to the generic description
  }
  return `unexpected ${describeThrown(err)} (a bug in asynctool; rerun with ASYNCTOOL_DEBUG=1 for the stack)`;
}
