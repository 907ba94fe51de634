import type { EpisodeRecord, FailureMode } from '../schema/result.ts';
import { groupMetrics } from '../score/summary.ts';
import type { Interval, LifecycleTable, ProtocolComparison, RunSettings } from './model.ts';
import { toCell } from './metrics.ts';
import type { MetricKey } from '../score/metric-table.ts';

/** Delivery modes in the order the report compares them: push, the paper's setting, first. */
export const DELIVERY_ORDER = ['push', 'poll', 'notify', 'silent'];

/** The labels that only lifecycle events and delivery modes can give (docs/scoring.md#failure-labels). */
export const LIFECYCLE_LABELS: FailureMode[] = ['missed-late-failure', 'used-receipt', 'fetched-nothing', 'expired-result'];

/** The metrics the delivery comparison shows, read from the scorer's own group summary. */
const DELIVERY_METRICS: MetricKey[] = ['taskSuccess', 'efficiency', 'wastedPolls', 'thinkingTime'];

/**
 * How a run was played, from its settings (summary.json's run block, else run.json) and its first
 * trace: settings left at their default are absent from both, so absence reads as the default.
 */
export function runSettings(settings: Record<string, unknown> | null, records: readonly EpisodeRecord[]): RunSettings {
  const first = records[0]?.trace.options;
  const delivery = typeof settings?.['delivery'] === 'string' ? settings['delivery'] : (first?.delivery ?? 'push');
  const trialsSetting = settings?.['trials'];
  const trials = typeof trialsSetting === 'number' ? trialsSetting : Math.max(1, ...records.map((r) => r.trial ?? 1));
  return { delivery, lifecycle: lifecycleLabel(settings?.['lifecycle']), trials };
}

/**
 * `late 20% · timeout 10% · ttl 30s`, or `none`. Read loosely: the lifecycle block gains keys
 * (timeout, ttl) as events are added, and a run folder from before them has none.
 */
export function lifecycleLabel(block: unknown): string {
  if (!block || typeof block !== 'object') return 'none';
  const b = block as Record<string, unknown>;
  const num = (k: string) => (typeof b[k] === 'number' && b[k] > 0 ? b[k] : null);
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const parts = [
    num('lateFailure') !== null ? `late ${pct(num('lateFailure')!)}` : null,
    num('timeout') !== null ? `timeout ${pct(num('timeout')!)}` : null,
    num('ttl') !== null ? `ttl ${num('ttl')}s` : null,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? 'none' : parts.join(' · ');
}

interface ProtocolRun {
  agent: string;
  mode: string;
  settings: RunSettings;
  records: readonly EpisodeRecord[];
}

/**
 * Runs of one agent that differ only in delivery mode (same latency mode and lifecycle settings),
 * compared on the samples every one of them ran, so a difference is the protocol's alone.
 * `mode` here is the latency mode (async, instant), without the delivery suffix.
 */
export function deliveryComparisons(runs: readonly ProtocolRun[]): ProtocolComparison[] {
  const groups = new Map<string, number[]>();
  runs.forEach((r, i) => {
    const key = JSON.stringify([r.agent, r.mode, r.settings.lifecycle]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out: ProtocolComparison[] = [];
  for (const indices of groups.values()) {
    const chosen = DELIVERY_ORDER.flatMap((d) => indices.filter((i) => runs[i]!.settings.delivery === d).slice(0, 1));
    if (chosen.length < 2) continue;
    const shared = intersect(chosen.map((i) => runs[i]!.records.map((r) => r.sampleId)));
    const metrics = chosen.map((i) => groupMetrics(runs[i]!.records.filter((r) => shared.has(r.sampleId))));
    const first = runs[chosen[0]!]!;
    out.push({
      agent: first.agent,
      mode: first.mode,
      lifecycle: first.settings.lifecycle,
      runs: chosen,
      deliveries: chosen.map((i) => runs[i]!.settings.delivery),
      samples: shared.size,
      rows: DELIVERY_METRICS.map((key) => ({ key, values: metrics.map((g) => toCell(g[key])) })),
    });
  }
  return out;
}

/** Per run, the share of samples given each lifecycle label (with --trials, each sample's share of trials first). */
export function lifecycleTable(records: readonly (readonly EpisodeRecord[])[]): LifecycleTable {
  return {
    labels: [...LIFECYCLE_LABELS],
    // summary.json's failureModes: the report shows these shares, it does not compute its own.
    shares: records.map((rows) => {
      const modes = groupMetrics(rows).failureModes;
      return LIFECYCLE_LABELS.map((label): Interval | null => toCell(modes[label]));
    }),
  };
}

export function intersect(lists: string[][]): Set<string> {
  let acc = new Set(lists[0] ?? []);
  for (const list of lists.slice(1)) {
    const next = new Set(list);
    acc = new Set([...acc].filter((id) => next.has(id)));
  }
  return acc;
}
