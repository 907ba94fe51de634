import type { AcceptedCall, CheckedCall, Delivery, SettledCall, ToolOutcome } from '../schema/trace.ts';

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
  private readonly waiting = new Set<AcceptedCall>();
  /** Fetched during the current turn: delivered before the next. */
  private fetched: AcceptedCall[] = [];
  /** notify: completed since the last notice. */
  private unnoticed: AcceptedCall[] = [];
  /** Expired results the agent has been told of by a fetch. */
  private readonly toldExpired = new Set<AcceptedCall>();

  constructor(
    private readonly delivery: Delivery,
    /** --ttl: virtual seconds a successful result waits to be fetched before it expires (Infinity: never). */
    private readonly ttl = Infinity,
  ) {}

  completed(call: AcceptedCall): void {
    this.waiting.add(call);
    if (this.delivery === 'notify') this.unnoticed.push(call);
  }

  hasWaiting(): boolean {
    return this.waiting.size > 0;
  }

  /** check(handle) and get_result(handle) at `now`: running, expired, or the value (again, if it was fetched before). */
  check(call: AcceptedCall, now: number): ToolOutcome {
    this.fetches++;
    if (call.status === 'in-flight' || call.status === 'cancelled') {
      this.wasted++;
      return call.status === 'in-flight' ? { status: 'running', handle: call.handle } : outcomeOf(call);
    }
    this.expireDue(now);
    if (call.lifecycle === 'expired') {
      // The first answer that tells the agent is news; asking again is a wasted poll.
      if (!this.toldExpired.has(call)) this.toldExpired.add(call);
      else this.wasted++;
      return { status: 'expired', handle: call.handle, error: expiredMessage(call, this.ttl) };
    }
    if (!this.take(call)) this.wasted++;
    return outcomeOf(call);
  }

  /**
   * --ttl: every successful result still waiting whose time-to-live ran out by `now` expires:
   * it leaves the desk and can never be fetched (the call must be made again). Returns those.
   */
  expireDue(now: number): AcceptedCall[] {
    if (!Number.isFinite(this.ttl)) return [];
    const out: AcceptedCall[] = [];
    for (const c of this.waiting) {
      if (c.status !== 'ok' || !isPast(c, now, this.ttl)) continue;
      expire(c, this.ttl);
      this.waiting.delete(c);
      out.push(c);
    }
    return out;
  }

  /** check_all(): every accepted call whose result has not been fetched yet, in issue order. */
  checkAll(accepted: readonly AcceptedCall[], now: number): ToolOutcome {
    this.fetches++;
    this.expireDue(now);
    const calls: CheckedCall[] = [];
    let fresh = 0;
    for (const c of accepted) {
      if (c.status === 'in-flight') calls.push({ handle: c.handle, status: 'running' });
      else if (c.lifecycle === 'expired' && !this.toldExpired.has(c)) {
        this.toldExpired.add(c);
        fresh++;
        calls.push({ handle: c.handle, status: 'expired', error: expiredMessage(c, this.ttl) });
      } else if (this.take(c)) {
        fresh++;
        calls.push(c.status === 'ok' ? { handle: c.handle, status: 'done', result: c.result } : { handle: c.handle, status: c.status === 'timed-out' ? 'timed-out' : 'failed', error: c.error });
      }
    }
    if (fresh === 0) this.wasted++;
    return { status: 'checked', calls };
  }

  /** The results fetched in the turn that just ended, in fetch order. */
  takeFetched(): AcceptedCall[] {
    const out = this.fetched;
    this.fetched = [];
    return out;
  }

  /** notify: the completions to announce now; one fetched already (in the turn it completed) needs no notice. */
  takeNotices(): AcceptedCall[] {
    const out = this.unnoticed.filter((c) => this.waiting.has(c));
    this.unnoticed = [];
    return out;
  }

  private take(call: AcceptedCall): boolean {
    if (!this.waiting.delete(call)) return false;
    this.fetched.push(call);
    return true;
  }
}

/** Whether a completed result not handed over by `now` has outlived its time-to-live. */
export function isPast(call: AcceptedCall, now: number, ttl: number): boolean {
  return call.completedAt !== null && now > call.completedAt + ttl + 1e-9;
}

/** Marks a result as lost to its time-to-live. */
export function expire(call: AcceptedCall, ttl: number): void {
  call.lifecycle = 'expired';
  call.expiredAt = Math.round((call.completedAt! + ttl) * 1e6) / 1e6;
}

/** What the agent reads about an expired result (docs/protocols.md). */
export function expiredMessage(call: AcceptedCall, ttl: number): string {
  return `the result of ${call.handle} (${call.tool}) expired at ${call.expiredAt} s: it was kept ${ttl} s after the call finished and was not fetched in time; call ${call.tool} again to get a fresh result`;
}

function outcomeOf(call: SettledCall): ToolOutcome {
  if (call.status === 'cancelled') return { status: 'cancelled', handle: call.handle, error: call.error };
  if (call.status === 'ok') return { status: 'done', handle: call.handle, result: call.result };
  return { status: call.status === 'timed-out' ? 'timed-out' : 'failed', handle: call.handle, error: call.error };
}
