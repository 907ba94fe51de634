import type { TraceCall } from '../schema/trace.ts';
import { getPath, MISSING, resolveRefs, UnresolvedRef } from '../world/refs.ts';
import { canonicalArgs } from './args.ts';
import type { GoldDag, GoldNode } from './graph.ts';

/** Which agent calls may stand for a gold call. */
export type Acceptance = 'at-issue' | 'completed';

/**
 * Matches agent calls to gold calls, in issue order. A gold call is matched by a call of its tool
 * whose arguments equal the gold arguments (schema defaults filled) with every reference replaced
 * by the result of the agent's own call matched to the referenced gold call: never by a gold-run
 * value, so a call built on a value the agent never received cannot match.
 *
 * - `completed` (the scorer): only a call that completed successfully (its result delivered or
 *   not: expired results included) matches a required gold call, and only a call that failed matches an optional one (expected to fail). Where several
 *   identical gold calls are free, the one the call can take without a dependency violation wins.
 * - `at-issue` (the engine, to time the call): any accepted call, with the values the agent's
 *   calls had produced when it was issued.
 */
export class Matcher {
  /** The agent call matched to each gold node. */
  readonly matchedBy: (TraceCall | undefined)[];

  constructor(
    private readonly dag: GoldDag,
    private readonly acceptance: Acceptance,
  ) {
    this.matchedBy = new Array(dag.nodes.length);
  }

  match(call: TraceCall): GoldNode | undefined {
    const candidates = this.dag.byTool.get(call.tool);
    if (!candidates || call.status === 'rejected') return undefined;
    let canon: string | undefined;
    // Among equal gold calls: one the call can take without a violation first, a required one before an optional one.
    let best: GoldNode | undefined;
    let bestRank = Infinity;
    for (const node of candidates) {
      if (this.matchedBy[node.idx] || !this.accepts(node, call)) continue;
      canon ??= canonicalArgs(node.def, call.args);
      if ((node.canon ?? this.expectedArgs(node)) !== canon) continue;
      // A doomed first attempt (lifecycle) comes before a call merely expected to fail: the engine dooms the first such call.
      const rank = (violates(this.dag, node, call, this.matchedBy) ? 2 : 0) + (node.optional && !node.attempt ? 1 : 0);
      if (rank === 0) return this.take(node, call);
      if (rank < bestRank) {
        best = node;
        bestRank = rank;
      }
    }
    return best && this.take(best, call);
  }

  /**
   * The gold call, matched or not, that this call repeats exactly (same tool, same arguments once
   * the references are resolved as they were for the matched call): what decides a repeat's
   * latency. Of several identical gold calls, the slowest, so a repeat never returns sooner than
   * any call it copies.
   */
  twinOf(call: TraceCall): GoldNode | undefined {
    const candidates = this.dag.byTool.get(call.tool);
    if (!candidates) return undefined;
    let canon: string | undefined;
    let twin: GoldNode | undefined;
    for (const node of candidates) {
      canon ??= canonicalArgs(node.def, call.args);
      if ((node.canon ?? this.expectedArgs(node)) === canon && (!twin || node.latency > twin.latency)) twin = node;
    }
    return twin;
  }

  /** The gold arguments with references resolved against the agent's own matched results; undefined when one cannot be. */
  expectedArgs(node: GoldNode): string | undefined {
    try {
      const resolved = resolveRefs(node.args, (ref) => {
        const r = node.refs.find((x) => x.ref === ref);
        const mine = r?.node === undefined ? undefined : this.matchedBy[r.node];
        return mine && mine.status === 'ok' ? getPath(mine.result, r!.path) : MISSING;
      });
      return canonicalArgs(node.def, resolved);
    } catch (err) {
      if (err instanceof UnresolvedRef) return undefined;
      throw err;
    }
  }

  private accepts(node: GoldNode, call: TraceCall): boolean {
    if (this.acceptance === 'at-issue') return true;
    // A timed-out attempt is a failure too. An expired result completed (its call ran) though it was never
    // received: it matches, and what needed its value is a dependency violation (score/align.ts orders the matching).
    return node.optional ? call.status === 'error' || call.status === 'timed-out' : call.status === 'ok';
  }

  /**
   * Frees the gold call this call stood for (the engine: it was cancelled, or its result expired
   * unread), so the call made again stands for it, takes its latency, and feeds its dependents:
   * otherwise they would match nothing and draw a fresh, possibly shorter, latency.
   */
  release(call: TraceCall): void {
    const i = this.matchedBy.indexOf(call);
    if (i >= 0) this.matchedBy[i] = undefined;
  }

  private take(node: GoldNode, call: TraceCall): GoldNode {
    this.matchedBy[node.idx] = call;
    return node;
  }
}

/**
 * A value is known only once the result that carries it was delivered before the turn that uses
 * it; a call that must come `after` another may be made only once that one's result was delivered.
 */
export function violates(dag: GoldDag, node: GoldNode, call: TraceCall, matchedBy: readonly (TraceCall | undefined)[]): boolean {
  for (const p of node.gating) if (!deliveredBy(matchedBy[p], call.turn)) return true;
  return false;
}

/** Whether a call's result had been delivered by the start of `turn`. */
export function deliveredBy(call: TraceCall | undefined, turn: number): boolean {
  return call !== undefined && call.deliveredTurn !== null && call.deliveredTurn <= turn;
}
