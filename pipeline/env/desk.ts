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
  /** Expired results the agent has been told of by a fetch. */
  private readonly toldExpired = new Set<TraceCall>();

  constructor(
    private readonly delivery: Delivery,
    /** --ttl: virtual seconds a successful result waits to be fetched before it expires (Infinity: never). */
    private readonly ttl = Infinity,
  ) {}

  completed(call: TraceCall): void {
    this.waiting.add(call);
    if (this.delivery === 'notify') this.unnoticed.push(call);
  }

  hasWaiting(): boolean {
    return this.waiting.size > 0;
  }

  /** check(handle) and get_result(handle) at `now`: running, expired, or the value (again, if it was fetched before). */
  check(call: TraceCall, now: number): ToolOutcome {
    this.fetches++;
    if (call.status === 'in-flight' || call.status === 'cancelled') {
      this.wasted++;
      return call.status === 'in-flight' ? { status: 'running', handle: call.handle! } : outcomeOf(call);
    }
    this.expireDue(now);
    if (call.lifecycle === 'expired') {
      // The first answer that tells the agent is news; asking again is a wasted poll.
      if (!this.toldExpired.has(call)) this.toldExpired.add(call);
      else this.wasted++;
      return { status: 'expired', handle: call.handle!, error: expiredMessage(call, this.ttl) };
    }
    if (!this.take(call)) this.wasted++;
    return outcomeOf(call);
  }

  /**
   * --ttl: every successful result still waiting whose time-to-live ran out by `now` expires:
   * it leaves the desk and can never be fetched (the call must be made again). Returns those.
   */
  expireDue(now: number): TraceCall[] {
    if (!Number.isFinite(this.ttl)) return [];
    const out: TraceCall[] = [];
    for (const c of this.waiting) {
      if (c.status !== 'ok' || !isPast(c, now, this.ttl)) continue;
      expire(c, this.ttl);
      this.waiting.delete(c);
      out.push(c);
    }
    return out;
  }

  /** check_all(): every accepted call whose result has not been fetched yet, in issue order. */
  checkAll(accepted: readonly TraceCall[], now: number): ToolOutcome {
    this.fetches++;
    this.expireDue(now);
    const calls: CallStatus[] = [];
    let fresh = 0;
    for (const c of accepted) {
      if (c.status === 'in-flight') calls.push({ handle: c.handle!, status: 'running' });
      else if (c.lifecycle === 'expired' && !this.toldExpired.has(c)) {
        this.toldExpired.add(c);
        fresh++;
        calls.push({ handle: c.handle!, status: 'expired', error: expiredMessage(c, this.ttl) });
      } else if (this.take(c)) {
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

/** Whether a completed result not handed over by `now` has outlived its time-to-live. */
export function isPast(call: TraceCall, now: number, ttl: number): boolean {
  return call.completedAt !== null && now > call.completedAt + ttl + 1e-9;
}

/** Marks a result as lost to its time-to-live. */
export function expire(call: TraceCall, ttl: number): void {
  call.lifecycle = 'expired';
  call.expiredAt = Math.round((call.completedAt! + ttl) * 1e6) / 1e6;
}

/** What the agent reads about an expired result (docs/protocols.md). */
export function expiredMessage(call: TraceCall, ttl: number): string {
  return `the result of ${call.handle} (${call.tool}) expired at ${call.expiredAt} s: it was kept ${ttl} s after the call finished and was not fetched in time; call ${call.tool} again to get a fresh result`;
}

function outcomeOf(call: TraceCall): ToolOutcome {
  if (call.status === 'cancelled') return { status: 'cancelled', handle: call.handle!, error: call.error! };
  if (call.status === 'ok') return { status: 'done', handle: call.handle!, result: call.result };
  return { status: call.status === 'timed-out' ? 'timed-out' : 'failed', handle: call.handle!, error: call.error! };
}
