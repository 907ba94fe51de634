import { UserInputError } from '../core/errors.ts';
import type { Agent } from './agent.ts';
import { createOracle } from './oracle.ts';
import { createSequential } from './sequential.ts';
import { createFaulty, FAULT_KINDS, isFaultKind, PROTOCOL_FAULT_KINDS } from './faulty.ts';
import { createOpenAiAgent, type OpenAiAgentOptions } from './openai-agent.ts';
import { createGaming, GAMING_KINDS, isGamingKind } from './gaming.ts';

export type AgentOptions = Omit<OpenAiAgentOptions, 'model'>;

const AGENT_IDS = ['oracle', 'sequential', ...[...FAULT_KINDS, ...PROTOCOL_FAULT_KINDS].map((k) => `faulty:${k}`), ...GAMING_KINDS.map((k) => `gaming:${k}`), 'openai:<model>'];

/** An agent by id: `oracle`, `sequential`, `faulty:<kind>`, `gaming:<kind>`, `openai:<model>`. */
export function createAgent(id: string, options: AgentOptions = {}): Agent {
  if (id === 'oracle') return createOracle();
  if (id === 'sequential') return createSequential();
  const kind = id.slice('faulty:'.length);
  if (id.startsWith('faulty:') && isFaultKind(kind)) return createFaulty(kind);
  const trick = id.slice('gaming:'.length);
  if (id.startsWith('gaming:') && isGamingKind(trick)) return createGaming(trick);
  if (id.startsWith('openai:') && id.length > 'openai:'.length) return createOpenAiAgent({ ...options, model: id.slice('openai:'.length) });
  throw new UserInputError(`unknown agent "${id}"; valid agents: ${AGENT_IDS.join(', ')}`);
}
