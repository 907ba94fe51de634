/**
 * A plugin simulator's own thread: it loads the module and answers one call at a time on its port,
 * waking the waiting main thread through a shared flag (see sandbox.ts). Whatever the plugin does
 * (loops, allocates without end, returns a BigInt or a cycle) stays in this thread.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { importModule } from '../core/load-module.ts';
import { ToolError } from '../core/errors.ts';
import { simContext, type Simulator } from './simulator.ts';

interface Init {
  simFile: string;
  port: MessagePort;
  flag: SharedArrayBuffer;
}
export type WorkerReply = { ok: true; state: unknown; result: unknown } | { ok: false; toolError: string } | { ok: false; crash: string; name: string };

const { simFile, port, flag } = workerData as Init;
const signal = new Int32Array(flag);

function answer(reply: WorkerReply): void {
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/** The name and message of anything thrown, for the main thread to rebuild; never throws. */
function describe(err: unknown): { name: string; crash: string } {
  try {
    return err instanceof Error ? { name: err.name, crash: err.message } : { name: 'Error', crash: `thrown ${typeof err}: ${String(err)}` };
  } catch {
    return { name: 'Error', crash: `thrown ${typeof err} that cannot be shown` };
  }
}

// A simulator must not read the clock. In its thread the clock jumps an hour and a second at every
// call, so one that does gives other results when the load-time check replays its seeds.
const RealDate = Date;
let calls = 0;
const skewed = () => RealDate.now() + calls * 3_601_000;
class JumpingDate extends RealDate {
  constructor(...args: unknown[]) {
    if (args.length === 0) super(skewed());
    else super(...(args as [string]));
  }
  static override now(): number {
    return skewed();
  }
}
globalThis.Date = JumpingDate as DateConstructor;

const mod = await importModule(simFile);
const sim = (mod.simulator ?? mod.default) as Simulator;
port.on('message', (msg: { fn: string; state: Record<string, unknown>; args: unknown }) => {
  calls++;
  try {
    const result = sim.functions[msg.fn]!(msg.state, msg.args, simContext);
    // Results cross a JSON boundary (traces, messages): a BigInt or a cycle is the plugin's bug, said here.
    const text = JSON.stringify({ state: msg.state, result: result === undefined ? null : result });
    const back = JSON.parse(text) as { state: unknown; result: unknown };
    answer({ ok: true, state: back.state, result: back.result });
  } catch (err) {
    if (err instanceof ToolError) answer({ ok: false, toolError: err.message });
    else if (err instanceof TypeError && /BigInt|circular/i.test(err.message))
      answer({ ok: false, name: 'Error', crash: `returned a value that cannot be written as JSON (${err.message.split('\n')[0]})` });
    else answer({ ok: false, ...describe(err) });
  }
});
answer({ ok: true, state: null, result: 'ready' });
