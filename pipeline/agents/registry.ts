import { UserInputError } from '../core/errors.ts';
import type { Agent } from './agent.ts';
import type { AgentKind, AgentSettings } from './entry.ts';
import { AGENT_TABLE } from './table.ts';

/** An agent id split into its table line and the parameter after the prefix (empty for a plain id). */
export interface ResolvedAgent {
  kind: AgentKind;
  param: string;
}

/** The table line of an agent id, or a UserInputError listing every valid id. */
export function resolveAgent(id: string, table: readonly AgentKind[] = AGENT_TABLE): ResolvedAgent {
  for (const kind of table) {
    if (!kind.prefix.endsWith(':')) {
      if (id === kind.prefix) return { kind, param: '' };
      continue;
    }
    const param = id.slice(kind.prefix.length);
    if (id.startsWith(kind.prefix) && param.length > 0 && (kind.params === undefined || kind.params.includes(param))) return { kind, param };
  }
  throw new UserInputError(`unknown agent "${id}"; valid agents: ${validIds(table).join(', ')}`);
}

/** Every id spelled out where the table lists the parameters (faulty:premature), else its help (openai:<model>). */
function validIds(table: readonly AgentKind[]): string[] {
  return table.flatMap((k) => (k.params ? k.params.map((p) => k.prefix + p) : [k.help]));
}

/** The --agent help of evaluate and ablate: `oracle, sequential, ..., or openai:<model>`. */
export function agentHelp(table: readonly AgentKind[] = AGENT_TABLE): string {
  const names = table.map((k) => k.help);
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')}, or ${names.at(-1)}`;
}

/**
 * An agent by id: `oracle`, `sequential`, `faulty:<kind>`, `gaming:<kind>`, `openai:<model>` (agents/table.ts).
 * `settings` are the run's (flags, seed, concurrency); each agent reads what it uses.
 */
export function createAgent(id: string, settings: Partial<AgentSettings> = {}): Agent {
  const { kind, param } = resolveAgent(id);
  return kind.prepare({ flags: settings.flags ?? {}, seed: settings.seed, concurrency: settings.concurrency ?? kind.defaultConcurrency }).create(param);
}
