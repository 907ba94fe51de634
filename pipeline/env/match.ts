import { canonicalJson } from '../core/canonical.ts';
import type { TraceCall } from '../schema/trace.ts';
import { getPath, MISSING, resolveRefs, UnresolvedRef } from '../world/refs.ts';
import { refKey, type GoldDag, type GoldNode } from './dag.ts';

/** The gold run's value of every gold call, indexed by node; used when the agent's own run has none. */
export interface GoldValues {
  results: ({ ok: boolean; result?: unknown } | undefined)[];
}

/**
 * Matches agent calls to gold calls of the same tool with canonically equal arguments. A gold
 * argument that references an earlier call takes the result of the agent call matched to it
 * when that call had completed when the new call was issued, else the gold run's value (so a
 * premature call that copies the value still matches, and is then caught as a violation).
 * The engine (at issue time) and the scorer (on the trace) run the same procedure, in issue order.
 */
export class Matcher {
  /** The agent call matched to each gold node. */
  readonly matchedBy: (TraceCall | undefined)[];

  constructor(
    private readonly dag: GoldDag,
    private readonly gold: () => GoldValues | undefined,
  ) {
    this.matchedBy = new Array(dag.nodes.length);
  }

  match(call: TraceCall): GoldNode | undefined {
    const candidates = this.dag.byTool.get(call.tool);
    if (!candidates) return undefined;
    const canon = canonicalJson(call.args);
    // The agent's own results first; the gold run (computed lazily, at some cost) only for the
    // candidates they cannot decide.
    const undecided: GoldNode[] = [];
    for (const node of candidates) {
      if (this.matchedBy[node.idx]) continue;
      const expected = node.canon ?? this.expectedArgs(node, call.issuedAt, false);
      if (expected === canon) return this.take(node, call);
      if (expected === NEEDS_GOLD) undecided.push(node);
    }
    for (const node of undecided) {
      if (this.expectedArgs(node, call.issuedAt, true) === canon) return this.take(node, call);
    }
    return undefined;
  }

  private take(node: GoldNode, call: TraceCall): GoldNode {
    this.matchedBy[node.idx] = call;
    return node;
  }

  /** Canonical expected arguments; NEEDS_GOLD when a reference has no value of the agent's own yet. */
  private expectedArgs(node: GoldNode, issuedAt: number, useGold: boolean): string | typeof NEEDS_GOLD | undefined {
    let needsGold = false;
    try {
      const resolved = resolveRefs(node.args, (ref) => {
        const { key, path } = refKey(ref, node.taskId);
        const pred = this.dag.byKey.get(key);
        if (!pred) return MISSING;
        const mine = this.matchedBy[pred.idx];
        if (mine && mine.status === 'ok' && mine.completedAt !== null && mine.completedAt <= issuedAt) return getPath(mine.result, path);
        if (!useGold) {
          needsGold = true;
          return null;
        }
        const gold = this.gold()?.results[pred.idx];
        return gold?.ok ? getPath(gold.result, path) : MISSING;
      });
      return needsGold ? NEEDS_GOLD : canonicalJson(resolved);
    } catch (err) {
      if (err instanceof UnresolvedRef) return undefined;
      throw err;
    }
  }
}

const NEEDS_GOLD = Symbol('needs gold');
