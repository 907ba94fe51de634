import { canonicalJson } from '../../core/canonical.ts';
import type { Provenance, Task } from '../../schema/task.ts';
import type { Registry } from '../../world/registry.ts';
import type { Rejection } from '../stage.ts';
import { checkTask } from '../task-check.ts';
import { orderStateChanges } from '../ordering.ts';

/**
 * Collects a parent's children: gives each an id and its provenance, validates it by execution
 * (checkTask) and rejects failures and duplicates with a reason prefixed by the operator.
 */
export class ChildSet {
  readonly children: Task[] = [];
  readonly rejected: Rejection[] = [];
  private readonly seen = new Set<string>();
  private readonly made = new Map<string, number>();

  constructor(
    readonly parent: Task,
    private readonly registry: Registry,
  ) {
    this.seen.add(contentKey(parent));
  }

  count(operator: string): number {
    return this.made.get(operator) ?? 0;
  }

  /** Validates a candidate; returns true when it was kept. `extra` adds prompt ids and model for LLM children. */
  offer(operator: string, attempt: number, candidate: Task, extra: Partial<Provenance> = {}): boolean {
    const n = this.count(operator) + 1;
    const id = `${this.parent.id}~${shortName(operator)}${n}`;
    const tryId = this.tryId(operator, attempt);
    const key = contentKey(candidate);
    if (this.seen.has(key)) {
      this.rejected.push({ id: tryId, reason: `${operator}:duplicate`, detail: 'the child is identical to its parent or a sibling' });
      return false;
    }
    candidate = orderStateChanges(candidate, this.registry).task;
    const check = checkTask(candidate, this.registry);
    if (!check.ok) {
      this.rejected.push({ id: tryId, reason: `${operator}:${check.fault.reason}`, detail: check.fault.detail });
      return false;
    }
    this.seen.add(key);
    this.made.set(operator, n);
    const parentProv = this.parent.provenance ?? { parents: [], operators: [] };
    const provenance: Provenance = {
      ...parentProv,
      ...extra,
      parents: [this.parent.id, ...parentProv.parents],
      operators: [...parentProv.operators, operator],
      ...(parentProv.prompts || extra.prompts ? { prompts: [...(parentProv.prompts ?? []), ...(extra.prompts ?? [])] } : {}),
    };
    this.children.push({ ...candidate, id, provenance });
    return true;
  }

  reject(operator: string, attempt: number, reason: string, detail: string): void {
    this.rejected.push({ id: this.tryId(operator, attempt), reason: `${operator}:${reason}`, detail });
  }

  /** The id a rejected attempt is reported under (`bank-001~values#3`). */
  private tryId(operator: string, attempt: number): string {
    return `${this.parent.id}~${shortName(operator)}#${attempt}`;
  }
}

/** `rule:values` -> `values`: children ids carry the operator without its family. */
function shortName(operator: string): string {
  return operator.replace(/^\w+:/, '');
}

function contentKey(task: Task): string {
  return canonicalJson({ toolkit: task.toolkit, initialState: task.initialState, query: task.query, calls: task.calls, answer: task.answer });
}
