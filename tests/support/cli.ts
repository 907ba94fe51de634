import { execFile } from 'node:child_process';
import { main } from '../../pipeline/cli/main.ts';
import { forgetPluginRegistries } from '../../pipeline/world/registry.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Collects what the CLI writes to one stream. */
function buffer(): { write(text: string): boolean; text(): string } {
  const chunks: string[] = [];
  return {
    write: (text) => {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}

// One in-process run at a time: a run may change the working directory and environment, which the
// whole worker shares. Calls queue; a test that needs runs side by side uses runBinary.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI's main() in this process, with the given working directory and extra environment
 * for the length of the call: the same parsing, commands and error boundary as the binary, without
 * the ~0.5 s start of a child process. Use runBinary where a real process is the point.
 */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const run = queue.then(() => runInProcess(args, options));
  queue = run.catch(() => {});
  return run;
}

async function runInProcess(args: string[], options: CliOptions): Promise<CliResult> {
  const stdout = buffer();
  const stderr = buffer();
  const cwd = process.cwd();
  const saved = new Map(Object.keys(options.env ?? {}).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  if (options.cwd) process.chdir(options.cwd);
  // A new process would load the plugin folders afresh (a test may have edited one since the last run).
  forgetPluginRegistries();
  try {
    const code = await main(['node', 'asynctool', ...args], { stdout, stderr });
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    process.chdir(cwd);
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Runs the real CLI (bin/asynctool.mjs) in a child process, the way a user does. */
export function runBinary(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [new URL('../../bin/asynctool.mjs', import.meta.url).pathname, ...args],
      { cwd: options.cwd ?? process.cwd(), env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
