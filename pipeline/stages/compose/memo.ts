import { canonicalJson } from '../../core/canonical.ts';
import type { ContractProblem } from '../../validate/contract.ts';
import type { GoldRun } from '../../world/execute.ts';
import type { Realised } from './bridges.ts';
import type { PoolTask } from './pool.ts';

export interface Verdict {
  reason: string;
  detail: string;
}

/**
 * What compose already learnt about a bundle's content during one run, so that a bundle drawn
 * again (another attempt, another slot) is not replayed again. The checks it stands for are pure:
 * the gold replays depend only on the tasks, the schedule preview on the tasks and the sample id
 * (latencies are drawn per sample id), so a remembered rejection is the one the check would give.
 */
export class BundleMemo {
  private readonly names = new WeakMap<PoolTask, string>();
  private serial = 0;
  private readonly builds = new Map<string, Verdict>();
  private readonly previews = new Map<string, Verdict>();
  private readonly contracts = new WeakMap<PoolTask, { run: GoldRun; problems: ContractProblem[] }>();
  private readonly bridges = new Map<string, Realised>();

  /**
   * The bundle's content as a key: a pool task by identity (the pool holds each once), a bridge task
   * (made afresh by every plan) by what it is; its producers are members of the same key.
   */
  key(entries: readonly PoolTask[]): string {
    return entries.map((e) => this.name(e)).join('\n');
  }

  private name(entry: PoolTask): string {
    let name = this.names.get(entry);
    if (name === undefined) {
      const { task } = entry;
      name = entry.root.startsWith('bridge:') ? canonicalJson([task.id, task.query, task.calls, task.answer]) : `#${this.serial++}`;
      this.names.set(entry, name);
    }
    return name;
  }

  /** Why building (merge, replays, contract) rejected this content before, if it did. */
  buildRejection(key: string): Verdict | undefined {
    return this.builds.get(key);
  }

  rejectBuild(key: string, verdict: Verdict): void {
    this.builds.set(key, verdict);
  }

  /** Why the schedule preview rejected this content under this sample id before, if it did. */
  previewRejection(id: string, key: string): Verdict | undefined {
    return this.previews.get(`${id}\n${key}`);
  }

  rejectPreview(id: string, key: string, verdict: Verdict): void {
    this.previews.set(`${id}\n${key}`, verdict);
  }

  /**
   * A task's contract problems (paths from `$`) when it runs in a sample exactly as in the pool or
   * its bridge (`run` is that very run): the contract reads the task's words, its answer and its
   * producers' queries, all the same in every bundle that holds this entry.
   */
  contract(entry: PoolTask, run: GoldRun, check: () => ContractProblem[]): ContractProblem[] {
    const hit = this.contracts.get(entry);
    if (hit && hit.run === run) return hit.problems;
    const problems = check();
    this.contracts.set(entry, { run, problems });
    return problems;
  }

  /**
   * A bridge realised on the same producers (the entries at its input ids) once per run: its query,
   * calls and gold run follow from the bridge, the inputs and those producers' tasks and runs.
   */
  bridge(b: string, inputs: readonly unknown[], producers: readonly PoolTask[], realise: () => Realised): Realised {
    const key = `${b}\n${canonicalJson(inputs)}\n${this.key(producers)}`;
    let hit = this.bridges.get(key);
    if (!hit) {
      hit = realise();
      this.bridges.set(key, hit);
    }
    return hit;
  }
}
