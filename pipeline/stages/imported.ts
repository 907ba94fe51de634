import type { Provenance } from '../schema/task.ts';

/** The operator prefix `asynctool import` puts on every task it writes (`import:bfcl`, `import:nestful`). */
const IMPORT_OPERATOR = 'import:';

/**
 * The public data sets a task was imported from (`bfcl`, `nestful`), read from its provenance
 * operators, which evolution and composition carry over to every descendant.
 */
export function importOrigins(provenance: Provenance | undefined): string[] {
  return (provenance?.operators ?? []).filter((op) => op.startsWith(IMPORT_OPERATOR)).map((op) => op.slice(IMPORT_OPERATOR.length));
}

export function importOperator(origin: string): string {
  return `${IMPORT_OPERATOR}${origin}`;
}

/** The seed a task descends from: the last of its parents (a seed is its own root). Compose spreads samples over these. */
export function lineageRoot(task: { id: string; provenance?: Provenance }): string {
  return task.provenance?.parents.at(-1) ?? task.id;
}
