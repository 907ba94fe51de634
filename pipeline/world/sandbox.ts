import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { canonicalJson } from '../core/canonical.ts';
import { ToolError, ToolkitError } from '../core/errors.ts';
import type { SimFunction, Simulator } from './simulator.ts';
import type { WorkerReply } from './plugin-worker-main.ts';

/**
 * The limits, read from the environment when a simulator is sandboxed (not at import, so one
 * process can run commands with different settings, as the tests' in-process CLI does).
 * Deadline per call: a plugin simulator answers in microseconds, so it only ever stops a loop.
 * Memory: the heap of a plugin's thread, in MB; a runaway allocation ends the call, not the process.
 */
function pluginLimits(): { deadlineMs: number; memoryMb: number } {
  return { deadlineMs: Number(process.env.ASYNCTOOL_PLUGIN_DEADLINE_MS) || 5_000, memoryMb: Number(process.env.ASYNCTOOL_PLUGIN_MEMORY_MB) || 256 };
}
const START_DEADLINE_MS = 60_000;

interface Thread {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

/**
 * A plugin simulator whose functions run in a worker thread with a per-call deadline and a memory
 * limit. Calls stay synchronous (the engine, the gold replay and the scorer call simulators
 * synchronously): the main thread posts the call and blocks on a shared flag until the answer or
 * the deadline. A call that overruns ends the thread (a new one serves the next call) and fails
 * with an error naming the toolkit and function; so does one that returns a BigInt or a cycle.
 */
export function sandboxSimulator(sim: Simulator, simFile: string, toolkit: string): Simulator & { close(): void } {
  let thread: Thread | undefined;
  const { deadlineMs, memoryMb } = pluginLimits();
  const call =
    (fn: string): SimFunction =>
    (state: Record<string, unknown>, args: unknown) => {
      thread ??= start(simFile, toolkit, memoryMb);
      const t = thread;
      Atomics.store(t.signal, 0, 0);
      t.port.postMessage({ fn, state, args });
      const waited = Atomics.wait(t.signal, 0, 0, deadlineMs);
      const reply = receiveMessageOnPort(t.port)?.message as WorkerReply | undefined;
      if (waited === 'timed-out' || !reply) {
        void t.worker.terminate();
        thread = undefined;
        throw new Error(`did not return within ${deadlineMs} ms (an endless loop, or over its ${memoryMb} MB memory limit?); the call was stopped`);
      }
      if (!reply.ok) {
        if ('toolError' in reply) throw new ToolError(reply.toolError);
        const crash = new Error(reply.crash);
        crash.name = reply.name;
        throw crash;
      }
      // A read-only function gets the shared state frozen in-process; in its thread it got a copy, so a write shows as a difference.
      if (Object.isFrozen(state)) {
        if (canonicalJson(reply.state) !== canonicalJson(state)) throw new Error('it changed the state but is declared mutates: false in toolkit.yaml (its state came back changed)');
      } else {
        // The function's contract is to mutate its draft state: the thread's copy comes back into it.
        for (const k of Object.keys(state)) delete state[k];
        Object.assign(state, reply.state);
      }
      return reply.result;
    };
  return {
    toolkit: sim.toolkit,
    functions: Object.fromEntries(Object.keys(sim.functions).map((fn) => [fn, call(fn)])),
    // Ends the thread of a simulator no longer used (a forgotten registry); a later call starts a new one.
    close: () => {
      if (thread) void thread.worker.terminate();
      thread = undefined;
    },
  };
}

function start(simFile: string, toolkit: string, memoryMb: number): Thread {
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./plugin-worker.mjs', import.meta.url), {
    workerData: { simFile, port: port2, flag },
    transferList: [port2],
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    stdout: false,
    stderr: false,
  });
  // The thread is a helper: it must not keep the process alive once the run is done.
  worker.unref();
  worker.on('error', () => {});
  if (Atomics.wait(signal, 0, 0, START_DEADLINE_MS) === 'timed-out' || !receiveMessageOnPort(port1)) {
    void worker.terminate();
    throw new ToolkitError(`the simulator of toolkit "${toolkit}" did not start in its worker thread within ${START_DEADLINE_MS / 1000} s`, { file: simFile });
  }
  port1.unref();
  return { worker, port: port1, signal };
}
