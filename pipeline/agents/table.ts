import type { AgentKind } from './entry.ts';
import { faultyAgent } from './faulty.ts';
import { gamingAgent } from './gaming.ts';
import { openAiAgent } from './openai-agent.ts';
import { oracleAgent } from './oracle.ts';
import { sequentialAgent } from './sequential.ts';

/**
 * Every agent `evaluate` and `ablate` can run, in the order --help lists them. Adding an agent is
 * its own file exporting a `defineAgent(...)` entry plus one line here: the registry, the --agent
 * help, the unknown-agent error, the default concurrency, run.json's settings, the cost and the
 * ignored-flag warning all read this table.
 */
// biome-ignore format: one agent per line, so adding one is one line
export const AGENT_TABLE: readonly AgentKind[] = [
  oracleAgent,
  sequentialAgent,
  faultyAgent,
  gamingAgent,
  openAiAgent,
];
