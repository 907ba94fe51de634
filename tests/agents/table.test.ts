import { describe, expect, it } from 'vitest';
import { agentHelp, createAgent, resolveAgent } from '../../pipeline/agents/registry.ts';
import { AGENT_TABLE } from '../../pipeline/agents/table.ts';

/** Every id a table line stands for: its listed parameters, or one made-up parameter for an open prefix. */
const idsOf = (k: (typeof AGENT_TABLE)[number]) => (!k.prefix.endsWith(':') ? [k.prefix] : (k.params ?? ['some-model']).map((p) => k.prefix + p));

describe('the agents table', () => {
  it('makes an agent for every id each line stands for, under that id', () => {
    for (const kind of AGENT_TABLE)
      for (const id of idsOf(kind)) {
        expect(resolveAgent(id).kind).toBe(kind);
        expect(createAgent(id).id).toBe(id);
      }
  });

  it('names every line in --help and every valid id in the unknown-agent error', () => {
    for (const kind of AGENT_TABLE) expect(agentHelp()).toContain(kind.help);
    expect(() => resolveAgent('faulty:nope')).toThrow(/unknown agent "faulty:nope"; valid agents: oracle, sequential, faulty:premature, .*, openai:<model>$/);
    expect(() => resolveAgent('openai:')).toThrow(/unknown agent "openai:"/);
    expect(() => resolveAgent('oracle:x')).toThrow(/unknown agent/);
  });

  it('gives a model its own default concurrency, run.json settings and cost; the built-in agents none', () => {
    const settings = (id: string) => resolveAgent(id).kind.prepare({ flags: { baseURL: 'http://127.0.0.1:9/v1', temperature: 0.5 }, concurrency: 1 }).settingsForResume;
    expect(settings('oracle')).toEqual({});
    expect(settings('openai:m')).toEqual({ endpoint: 'http://127.0.0.1:9/v1', temperature: 0.5, maxTokens: null, parallelToolCalls: null });
    expect(resolveAgent('openai:m').kind.defaultConcurrency).toBe(8);
    expect(resolveAgent('oracle').kind.defaultConcurrency).toBe(64);
    expect(resolveAgent('oracle').kind.cost).toBeUndefined();
    // A bad endpoint is refused when the options are read, before any run folder exists.
    expect(() => resolveAgent('openai:m').kind.prepare({ flags: { baseURL: 'ftp://x' }, concurrency: 1 })).toThrow(/is not an http:\/\/ or https:\/\/ URL/);
  });
});
