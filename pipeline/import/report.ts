import type { BindStats } from './build-task.ts';

/** Why a record (or one class of it) did not become a seed task. */
export interface ImportReject {
  /** The source file's base name, set when the rejects of several files are written together. */
  source?: string;
  entry: string;
  class: string;
  reason:
    | 'no-answer'
    | 'unknown-class'
    | 'unparsable-call'
    | 'unknown-function'
    | 'unresolved-reference'
    | 'embedded-reference'
    | 'cross-toolkit-reference'
    | 'bad-arguments'
    | 'replay-error'
    | 'simulator-crash'
    | 'validation';
  /** The function the reason is about, when there is one. */
  fn?: string;
  detail: string;
}

export interface ClassCounts {
  toolkit: string;
  /** Entries in which the class has gold calls (one task attempted each). */
  attempted: number;
  converted: number;
  rate: number;
}

export interface SourceReport {
  source: string;
  entries: number;
  /** Entries all of whose classes with gold calls became valid tasks. */
  entriesConverted: number;
  entryRate: number;
  tasksWritten: number;
  perClass: Record<string, ClassCounts>;
  /** Involved classes without a gold call (no task to make). */
  skippedClasses: number;
  binding: BindStats & { tasksWithClauses: number };
  topReasons: { reason: string; count: number }[];
}

/** Accumulates the outcome of one source file; the result is plain data with sorted keys. */
export class SourceTally {
  private entries = 0;
  private entriesConverted = 0;
  private tasksWritten = 0;
  private skipped = 0;
  private readonly perClass = new Map<string, { toolkit: string; attempted: number; converted: number }>();
  private readonly binding = { clauses: 0, refs: 0, rebound: 0, tasksWithClauses: 0 };
  private readonly reasons = new Map<string, number>();

  constructor(readonly source: string) {}

  entry(
    outcome: { converted: { className: string; toolkit: string; stats: BindStats }[]; rejects: { class: string; reason: string; fn?: string }[]; skipped: number },
    toolkitOf: (cls: string) => string,
  ): void {
    this.entries++;
    this.skipped += outcome.skipped;
    if (outcome.rejects.length === 0 && outcome.converted.length > 0) this.entriesConverted++;
    for (const c of outcome.converted) {
      this.tasksWritten++;
      this.bump(c.className, c.toolkit, true);
      this.binding.clauses += c.stats.clauses;
      this.binding.refs += c.stats.refs;
      this.binding.rebound += c.stats.rebound;
      if (c.stats.clauses > 0) this.binding.tasksWithClauses++;
    }
    for (const r of outcome.rejects) {
      this.bump(r.class, toolkitOf(r.class), false);
      const key = r.fn ? `${r.reason}: ${r.fn}` : r.reason;
      this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
    }
  }

  private bump(cls: string, toolkit: string, converted: boolean): void {
    const c = this.perClass.get(cls) ?? { toolkit, attempted: 0, converted: 0 };
    c.attempted++;
    if (converted) c.converted++;
    this.perClass.set(cls, c);
  }

  result(topN = 15): SourceReport {
    const perClass: Record<string, ClassCounts> = {};
    for (const cls of [...this.perClass.keys()].sort()) {
      const c = this.perClass.get(cls)!;
      perClass[cls] = { ...c, rate: ratio(c.converted, c.attempted) };
    }
    const topReasons = [...this.reasons.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, topN)
      .map(([reason, count]) => ({ reason, count }));
    return {
      source: this.source,
      entries: this.entries,
      entriesConverted: this.entriesConverted,
      entryRate: ratio(this.entriesConverted, this.entries),
      tasksWritten: this.tasksWritten,
      perClass,
      skippedClasses: this.skipped,
      binding: { ...this.binding },
      topReasons,
    };
  }
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : Math.round((a / b) * 10000) / 10000;
}

/** A short human summary of a source report, one line per class. */
export function formatSourceReport(r: SourceReport): string {
  const lines = [`${r.source}: ${r.entriesConverted}/${r.entries} entries converted (${pct(r.entryRate)}), ${r.tasksWritten} task(s) written`];
  for (const [cls, c] of Object.entries(r.perClass)) lines.push(`  ${cls} (${c.toolkit}): ${c.converted}/${c.attempted} (${pct(c.rate)})`);
  lines.push(
    `  values stated by an appended clause: ${r.binding.clauses} in ${r.binding.tasksWithClauses} task(s); references from values: ${r.binding.refs}; ids re-bound by field name: ${r.binding.rebound}`,
  );
  if (r.topReasons.length > 0)
    lines.push(
      `  top rejection reasons: ${r.topReasons
        .slice(0, 5)
        .map((t) => `${t.reason} (${t.count})`)
        .join(', ')}`,
    );
  return lines.join('\n');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
