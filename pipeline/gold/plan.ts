import type { GoldDag } from './graph.ts';

/** Virtual times are kept to microseconds, as the engine keeps them. */
export const r6 = (t: number): number => Math.round(t * 1e6) / 1e6;

/** One turn of a plan: when it starts, and the gold call whose completion the agent waits for after it (null: no wait). */
export interface PlannedTurn {
  start: number;
  waitFor: number | null;
  /** The last turn: every task is answered in it. */
  final: boolean;
}

export interface Plan {
  turns: PlannedTurn[];
  makespan: number;
}

/**
 * A turn's start state: results delivered so far (1; 2 for a result lost to its TTL that nothing
 * needs), and each call's completion time (NaN: not issued, or a lost result to make again).
 */
interface TurnState {
  start: number;
  delivered: Uint8Array;
  completion: Float64Array;
}

interface Best {
  end: number;
  /** False when the search stopped at a bound: the true best end is at least `end`. */
  exact: boolean;
  next: { start: number; waitFor: number | null } | null;
}

/** Above this many turns explored, the planner gives up and the caller falls back to list scheduling. */
const MAX_EXPANSIONS = 1_000_000;

/** Options of the plan search besides the sample. */
export interface PlanOptions {
  /** Each call's latency; default the gold latency. */
  latencyOf?: (node: number) => number;
  /**
   * --ttl: a successful result not delivered within this many seconds of its completion is lost
   * (env/desk.ts). Default Infinity.
   */
  ttl?: number;
}

/**
 * The gold calls whose result some call or answer needs: the calls another required call waits
 * for (data or `after`) and those an answer reports. Only these must reach the agent; the result
 * of any other call (a write nothing reads, say) may be lost to its TTL without harm, since its
 * effect happened (docs/scoring.md).
 */
export function neededResults(dag: GoldDag): boolean[] {
  const needed = dag.nodes.map(() => false);
  for (const n of dag.nodes) for (const p of n.gating) needed[p] = true;
  for (const t of dag.tasks) for (const i of t.answerNeeds) needed[i] = true;
  return needed;
}

/**
 * The fastest schedule of a sample's required gold calls under the episode protocol: a turn that
 * starts at s issues every call whose inputs were delivered by s, at s + turnCost; a call
 * completes `latency` later and is delivered at the first turn that starts at or after that; the
 * episode ends with the turn that answers the last task, which needs every answer known at its
 * start and every gold call issued; the makespan then runs until the last call completes (the
 * turn waits for it).
 *
 * Issuing a ready call at once never hurts (latencies are fixed and nothing competes), so the only
 * choice is when the next turn starts: at once, or at the completion of some call in flight. A
 * turn that readies no call and cannot end the episode is never worth its cost, and starting
 * earlier with the same deliveries is never worse, so only the other starts are tried. Branch and
 * bound over them, with a critical-path bound and memoised states, finds the optimum exactly;
 * undefined when no schedule finishes or the search is too large.
 *
 * With a TTL, a needed result must be delivered within the TTL of its completion. Two searches
 * are run: one where no needed result may expire (a turn that only fetches is then worth its cost,
 * so every completion is a start to try), and one where a needed read that expired is made again
 * at once, as the oracle does; the second wins only when strictly faster, so the oracle re-sends a
 * read only when waiting for it is dearer. A needed write never may expire: made again, it would
 * write twice.
 */
export function optimalPlan(dag: GoldDag, turnCost: number, options: PlanOptions = {}): Plan | undefined {
  const latencyOf = options.latencyOf ?? ((i: number) => dag.nodes[i]!.latency);
  const ttl = options.ttl ?? Infinity;
  const untimed = new Planner(dag, turnCost, latencyOf, Infinity, false).plan();
  if (!Number.isFinite(ttl)) return untimed;
  // Nothing under a TTL beats the untimed optimum, so where no needed result of it expires it is the plan (the common case: cheap).
  const timed = new Planner(dag, turnCost, latencyOf, ttl, false);
  if (untimed && timed.keepsEveryResult(untimed)) return untimed;
  const kept = timed.plan();
  if (kept && untimed && kept.makespan <= untimed.makespan + 1e-9) return kept;
  const resent = new Planner(dag, turnCost, latencyOf, ttl, true).plan();
  if (!kept) return resent;
  return resent && resent.makespan < kept.makespan - 1e-9 ? resent : kept;
}

class Planner {
  private readonly required: number[];
  private readonly preds: number[][];
  private readonly latency: number[];
  private readonly needs: number[][];
  private readonly needed: boolean[];
  /** Results that can expire: successful ones (a doomed attempt fails, and a failure never expires). */
  private readonly expires: boolean[];
  private readonly mutates: boolean[];
  private readonly memo = new Map<string, Best>();
  private expansions = 0;

  constructor(
    dag: GoldDag,
    private readonly turnCost: number,
    latencyOf: (node: number) => number,
    private readonly ttl: number,
    /** Whether a needed read lost to its TTL may be made again (otherwise such a schedule is infeasible). */
    private readonly resend: boolean,
  ) {
    this.preds = dag.nodes.map((n) => n.gating);
    this.latency = dag.nodes.map((_, i) => latencyOf(i));
    this.needs = dag.tasks.map((t) => t.answerNeeds);
    this.needed = neededResults(dag);
    this.expires = dag.nodes.map((n) => Number.isFinite(ttl) && !n.attempt);
    this.mutates = dag.nodes.map((n) => n.mutates);
    // Doomed first attempts must be made (and fail) before their retry: the plan includes them.
    this.required = topological([...dag.tasks.flatMap((t) => t.required), ...dag.nodes.filter((n) => n.attempt).map((n) => n.idx)], this.preds);
  }

  plan(): Plan | undefined {
    const isRequired = new Set(this.required);
    // A required call that waits for a call nobody makes can never run.
    if (this.required.some((i) => this.preds[i]!.some((p) => !isRequired.has(p)))) return undefined;
    const n = this.preds.length;
    const first: TurnState = { start: 0, delivered: new Uint8Array(n), completion: new Float64Array(n).fill(NaN) };
    let best: Best;
    try {
      best = this.best(first, Infinity);
    } catch (err) {
      if (err instanceof PlanTooLarge) return undefined;
      throw err;
    }
    if (!Number.isFinite(best.end)) return undefined;
    const turns: PlannedTurn[] = [];
    for (let s: TurnState | undefined = first; s; ) {
      const step = this.best(s, Infinity);
      turns.push({ start: s.start, waitFor: step.next ? step.next.waitFor : this.lastToComplete(s), final: step.next === null });
      s = step.next ? this.after(s, step.next.start) : undefined;
    }
    return { makespan: best.end, turns };
  }

  /** Whether following `plan`'s turn starts under this planner's TTL hands every needed result over in time. */
  keepsEveryResult(plan: Plan): boolean {
    const n = this.preds.length;
    let s: TurnState = { start: 0, delivered: new Uint8Array(n), completion: new Float64Array(n).fill(NaN) };
    for (let k = 0; k < plan.turns.length; k++) {
      const turn = this.play(s);
      if (turn.infeasible) return false;
      const next = plan.turns[k + 1];
      if (next) s = { start: next.start, delivered: turn.delivered, completion: turn.completion };
    }
    return true;
  }

  /** In the final turn: the call still running that completes last, to wait for (null when all are done by the turn's end). */
  private lastToComplete(s: TurnState): number | null {
    const turn = this.play(s);
    let last: number | null = null;
    for (const i of this.required) if (turn.completion[i]! > turn.end && (last === null || turn.completion[i]! > turn.completion[last]!)) last = i;
    return last;
  }

  /**
   * The turn itself: deliveries at its start (a result past its TTL is lost: a needed read is made
   * again in this turn when resending is allowed, any other needed result makes the schedule
   * infeasible, and one nothing needs is let go), then every ready call issued at its end.
   */
  private play(s: TurnState): { delivered: Uint8Array; completion: Float64Array; end: number; allIssued: boolean; infeasible: boolean } {
    const delivered = s.delivered.slice();
    const completion = s.completion.slice();
    let infeasible = false;
    for (const i of this.required) {
      if (delivered[i] !== 0 || !(completion[i]! <= s.start)) continue;
      // The environment's own test (env/desk.ts isPast), on the same rounded times.
      if (!this.expires[i] || s.start <= completion[i]! + this.ttl + 1e-9) delivered[i] = 1;
      else if (!this.needed[i]) delivered[i] = 2;
      else if (this.resend && !this.mutates[i]) completion[i] = NaN;
      else infeasible = true;
    }
    const end = r6(s.start + this.turnCost);
    let allIssued = true;
    for (const i of this.required) {
      if (!Number.isNaN(completion[i]!)) continue;
      if (this.preds[i]!.every((p) => delivered[p] === 1)) completion[i] = r6(end + this.latency[i]!);
      else allIssued = false;
    }
    return { delivered, completion, end, allIssued, infeasible };
  }

  private after(s: TurnState, start: number): TurnState {
    const { delivered, completion } = this.play(s);
    return { start, delivered, completion };
  }

  private best(s: TurnState, budget: number): Best {
    if (++this.expansions > MAX_EXPANSIONS) throw new PlanTooLarge();
    const turn = this.play(s);
    const key = `${s.start}|${turn.delivered.join('')}|${turn.completion.join(',')}`;
    const known = this.memo.get(key);
    if (known && (known.exact || known.end >= budget)) return known;
    let best: Best;
    if (turn.infeasible) {
      best = { end: Infinity, exact: true, next: null };
    } else if (turn.allIssued && this.answersKnown(turn.delivered)) {
      // The last answers go out now; a wait in the same turn lets the calls still running complete.
      best = { end: Math.max(turn.end, ...this.required.map((i) => turn.completion[i]!)), exact: true, next: null };
    } else {
      let end = Infinity;
      let next: Best['next'] = null;
      // An option cut at the caller's budget (not at a better option found here) is only known to be >= budget.
      let cutAtBudget = false;
      for (const option of this.nextStarts(turn.end, turn.delivered, turn.completion)) {
        const limit = Math.min(budget, end);
        const sub = this.lowerBound(option.start, turn.completion) >= limit ? undefined : this.best({ start: option.start, delivered: turn.delivered, completion: turn.completion }, limit);
        if (!sub || !sub.exact) {
          if (limit === budget && budget < end) cutAtBudget = true;
          continue;
        }
        if (sub.end < end) {
          end = sub.end;
          next = option;
        }
      }
      best = end < budget || !cutAtBudget ? { end, exact: true, next } : { end: budget, exact: false, next: null };
    }
    this.memo.set(key, best);
    return best;
  }

  private answersKnown(delivered: Uint8Array): boolean {
    return this.needs.every((list) => list.every((i) => delivered[i] === 1));
  }

  /**
   * Turn starts worth trying after a turn that ends at `e`, earliest first; the first that can end
   * the episode closes the list. With a TTL a start that only hands over a needed result is worth
   * trying too: it may keep the result from expiring.
   */
  private nextStarts(e: number, delivered: Uint8Array, completion: Float64Array): { start: number; waitFor: number | null }[] {
    const inFlight = this.required.filter((i) => !Number.isNaN(completion[i]!) && delivered[i] === 0).sort((a, b) => completion[a]! - completion[b]! || a - b);
    const seen = delivered.slice();
    const out: { start: number; waitFor: number | null }[] = [];
    for (let k = 0; k < inFlight.length; ) {
      const t = Math.max(completion[inFlight[k]!]!, e);
      let last = -1;
      let fetchesNeeded = false;
      for (; k < inFlight.length && Math.max(completion[inFlight[k]!]!, e) <= t; k++) {
        last = inFlight[k]!;
        seen[last] = 1;
        if (this.needed[last] && this.expires[last]) fetchesNeeded = true;
      }
      const readies = this.required.some((i) => Number.isNaN(completion[i]!) && this.preds[i]!.every((p) => seen[p] === 1));
      const canEnd = !readies && this.required.every((i) => !Number.isNaN(completion[i]!)) && this.answersKnown(seen);
      if (readies || canEnd || fetchesNeeded) out.push({ start: t, waitFor: t === e ? null : last });
      if (canEnd) break;
    }
    return out;
  }

  /** Earliest possible end from a turn starting at `start`: each remaining call as early as its inputs allow. */
  private lowerBound(start: number, completion: Float64Array): number {
    const done = new Float64Array(completion.length);
    let end = start + this.turnCost;
    for (const i of this.required) {
      let c = completion[i]!;
      if (Number.isNaN(c)) {
        let ready = start;
        for (const p of this.preds[i]!) ready = Math.max(ready, done[p]!);
        c = ready + this.turnCost + this.latency[i]!;
      }
      done[i] = c;
      end = Math.max(end, c);
    }
    for (const list of this.needs) for (const i of list) end = Math.max(end, done[i]! + this.turnCost);
    return end - 1e-9;
  }
}

/** `nodes` ordered so that every node comes after its predecessors (those in the list). */
function topological(nodes: number[], preds: number[][]): number[] {
  const inList = new Set(nodes);
  const out: number[] = [];
  const state = new Map<number, number>();
  const visit = (i: number): void => {
    if (state.get(i) === 2) return;
    if (state.get(i) === 1) return;
    state.set(i, 1);
    for (const p of preds[i]!) if (inList.has(p)) visit(p);
    state.set(i, 2);
    out.push(i);
  };
  for (const i of nodes) visit(i);
  return out;
}

class PlanTooLarge extends Error {}
