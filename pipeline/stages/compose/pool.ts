import type { Task } from '../../schema/task.ts';
import type { Registry } from '../../world/registry.ts';
import { executeGold, type GoldRun } from '../../world/execute.ts';
import { compareIds } from '../runner.ts';
import { sharedStateConflict, stateConflict } from './merge.ts';
import { importOrigins, lineageRoot } from '../imported.ts';

export interface PoolTask {
  task: Task;
  /** The seed a task descends from: two tasks of one lineage never share a sample. */
  root: string;
  run: GoldRun;
  /** A bridge task's wording (`<bridge id>#<index>`), counted so that the least used comes next. */
  wording?: string;
}

/** The evolved tasks grouped by toolkit, each with its gold run, in a stable order. */
export class TaskPool {
  readonly byToolkit = new Map<string, PoolTask[]>();
  /** Both orders of every pair asked about: the sampler asks often, a string key costs more than the check's lookup. */
  private readonly compatibility = new Map<PoolTask, Map<PoolTask, boolean>>();
  private readonly defaults = new Map<string, Record<string, unknown>>();

  constructor(tasks: readonly Task[], registry: Registry) {
    for (const task of [...tasks].sort((a, b) => compareIds(a.id, b.id))) {
      const entry: PoolTask = { task, root: lineageRoot(task), run: executeGold(task, registry) };
      if (entry.run.problems.length > 0) continue;
      const list = this.byToolkit.get(task.toolkit) ?? [];
      list.push(entry);
      this.byToolkit.set(task.toolkit, list);
    }
    for (const name of this.byToolkit.keys()) {
      const def = registry.toolkit(name)?.def;
      this.defaults.set(name, def?.defaultState ?? {});
    }
  }

  /**
   * True when two tasks of one toolkit can share one state: their initial states merge. A task
   * imported from a public benchmark carries its source's whole state, which also replaces what
   * the other task takes from the toolkit default (sharedStateConflict); hand-written states are
   * partial overlays written to compose, so for them a direct conflict is the test.
   */
  compatible(a: PoolTask, b: PoolTask): boolean {
    let ok = this.compatibility.get(a)?.get(b);
    if (ok === undefined) {
      const imported = importOrigins(a.task.provenance).length > 0 || importOrigins(b.task.provenance).length > 0;
      ok = imported
        ? sharedStateConflict(a.task.initialState, b.task.initialState, this.defaults.get(a.task.toolkit) ?? {}) === undefined
        : stateConflict(a.task.initialState, b.task.initialState) === undefined;
      this.remember(a, b, ok);
      this.remember(b, a, ok);
    }
    return ok;
  }

  private remember(a: PoolTask, b: PoolTask, ok: boolean): void {
    let row = this.compatibility.get(a);
    if (!row) {
      row = new Map();
      this.compatibility.set(a, row);
    }
    row.set(b, ok);
  }

  get toolkits(): string[] {
    return [...this.byToolkit.keys()].sort(compareIds);
  }

  get size(): number {
    let n = 0;
    for (const list of this.byToolkit.values()) n += list.length;
    return n;
  }
}
