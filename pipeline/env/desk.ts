import type { Delivery, ToolOutcome, TraceCall } from '../schema/trace.ts';

type CallStatus = NonNullable<ToolOutcome['calls']>[number];

/**
 * The results that completed but have not reached the agent, for the delivery modes that do not
 * push them (poll, notify, silent). A fetch (check, check_all, get_result) hands them over; what a
 * fetch returned is delivered before the next turn, and only then counts as known to the agent.
 * A fetch that returns nothing not fetched before is a wasted poll.
 */
export class ResultDesk {
  fetches = 0;
  wasted = 0;
  /** Completed and not fetched, in completion order. */
  private readonly waiting = new Set<TraceCall>();
  /** Fetched during the current turn: delivered before the next. */
  private fetched: TraceCall[] = [];
  /** notify: completed since the last notice. */
  private unnoticed: TraceCall[] = [];

  constructor(private readonly delivery: Delivery) {}

  completed(call: TraceCall): void {
    this.waiting.add(call);
    if (this.delivery === 'notify') this.unnoticed.push(call);
  }

  hasWaiting(): boolean {
    return this.waiting.size > 0;
  }

  /** check(handle) and get_result(handle): running, or the value (again, if it was fetched before). */
  check(call: TraceCall): ToolOutcome {
    this.fetches++;
    if (call.status === 'in-flight') {
      this.wasted++;
      return { status: 'running', handle: call.handle! };
    }
    if (!this.take(call)) this.wasted++;
    return outcomeOf(call);
  }

  /** check_all(): every accepted call whose result has not been fetched yet, in issue order. */
  checkAll(accepted: readonly TraceCall[]): ToolOutcome {
    this.fetches++;
    const calls: CallStatus[] = [];
    let fresh = 0;
    for (const c of accepted) {
      if (c.status === 'in-flight') calls.push({ handle: c.handle!, status: 'running' });
      else if (this.take(c)) {
        fresh++;
        const o = outcomeOf(c);
        calls.push(o.status === 'done' ? { handle: c.handle!, status: 'done', result: o.result } : { handle: c.handle!, status: o.status === 'timed-out' ? 'timed-out' : 'failed', error: o.error });
      }
    }
    if (fresh === 0) this.wasted++;
    return { status: 'checked', calls };
  }

  /** The results fetched in the turn that just ended, in fetch order. */
  takeFetched(): TraceCall[] {
    const out = this.fetched;
    this.fetched = [];
    return out;
  }

  /** notify: the completions to announce now; one fetched already (in the turn it completed) needs no notice. */
  takeNotices(): TraceCall[] {
    const out = this.unnoticed.filter((c) => this.waiting.has(c));
    this.unnoticed = [];
    return out;
  }

  private take(call: TraceCall): boolean {
    if (!this.waiting.delete(call)) return false;
    this.fetched.push(call);
    return true;
  }
}

function outcomeOf(call: TraceCall): ToolOutcome {
  if (call.status === 'ok') return { status: 'done', handle: call.handle!, result: call.result };
  return { status: call.status === 'timed-out' ? 'timed-out' : 'failed', handle: call.handle!, error: call.error! };
}
