import { Sample, type SampleInput } from '../../pipeline/schema/sample.ts';
import type { Agent, AgentAction, Observation, ToolCallRequest } from '../../pipeline/agents/agent.ts';
import { loadRegistry } from '../../pipeline/world/registry.ts';

export const FIXTURE_TOOLKITS = new URL('../fixtures/toolkits', import.meta.url).pathname;

export const fixtureRegistry = () => loadRegistry([FIXTURE_TOOLKITS]);

/**
 * Two tasks on the test counter: T1 gets an opaque token and checks it (data dependency),
 * T2 sets the value and reads it back (`after` dependency).
 */
export function counterSample(overrides: Partial<SampleInput> = {}): Sample {
  return Sample.parse({
    id: 'eng-1',
    schemaVersion: 1,
    tasks: [
      {
        id: 'T1',
        toolkit: 'fx_counter',
        query: 'Get a token for apple and check it.',
        calls: [
          { id: 'c1', tool: 'fx_token', args: { word: 'apple' } },
          { id: 'c2', tool: 'fx_check', args: { token: { $ref: 'c1.token' } } },
        ],
        answer: { $ref: 'c2.token' },
      },
      {
        id: 'T2',
        toolkit: 'fx_counter',
        query: 'Set the value to 7, then read it.',
        calls: [
          { id: 'c1', tool: 'fx_set', args: { value: 7 } },
          { id: 'c2', tool: 'fx_get', args: {}, after: ['c1'] },
        ],
        answer: { $ref: 'c2.value' },
      },
    ],
    tools: ['fx_token', 'fx_check', 'fx_set', 'fx_get'],
    latencies: { 'T1.c1': 4, 'T1.c2': 1, 'T2.c1': 10, 'T2.c2': 2 },
    meta: { pattern: 'similar', regime: 'test', turnCost: 1, oracleMakespan: 15, sequentialMakespan: 22, toolkits: ['fx_counter'] },
    ...overrides,
  });
}

type Step = (obs: Observation) => (Omit<ToolCallRequest, 'id'> & { id?: string })[] | AgentAction;

/** An agent that plays a fixed script, one step per turn, and records what it observed. */
export function scripted(steps: Step[]): Agent & { seen: Observation[] } {
  const seen: Observation[] = [];
  let n = 0;
  return {
    id: 'scripted',
    seen,
    start: () => ({
      turn(obs) {
        seen.push(structuredClone(obs) as Observation);
        const step = steps[seen.length - 1];
        if (!step) return { toolCalls: [{ id: `s${++n}`, name: 'finish', args: {} }] };
        const out = step(obs);
        if (!Array.isArray(out)) return out;
        return { toolCalls: out.map((c) => ({ ...c, id: c.id ?? `s${++n}` })) };
      },
    }),
  };
}
