import type { Rng } from '../../core/rng.ts';
import type { Task } from '../../schema/task.ts';
import type { Registry, LoadedToolkit } from '../../world/registry.ts';
import type { GoldRun } from '../../world/execute.ts';
import type { Templates } from './templates.ts';

export interface RuleEnv {
  registry: Registry;
  toolkit: LoadedToolkit;
  /** The parent's gold run (already checked), for operators that build on its results. */
  run: GoldRun;
  rng: Rng;
  templates: Templates;
  maxCalls: number;
}

/**
 * A candidate child (before validation); why the operator has nothing to offer this task at all;
 * or why this one draw was refused (counted by reason, the next draw may succeed).
 */
export type Proposal = { task: Task } | { inapplicable: string } | { refused: string; detail: string };

/**
 * A rule-based evolution operator: one seeded draw from a parent task. The driver validates the
 * child by execution, so an operator may propose children that turn out not to run.
 */
export interface RuleOperator {
  name: 'values' | 'extend' | 'constraint' | 'recovery' | 'reword';
  propose(parent: Task, env: RuleEnv): Proposal;
}
