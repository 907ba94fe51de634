import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeServer, type FakeServer, type ScriptedReply } from '../support/openai-server.ts';
import { seedStage } from '../../pipeline/stages/seed.ts';
import { evolveStage } from '../../pipeline/stages/evolve/index.ts';
import { loadPrompt } from '../../pipeline/llm/prompts.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import { FIXTURE_SEEDS, fixtureConfig } from './support/fixtures.ts';
import { runFixtureStage, tempDir } from './support/run.ts';

const json = (value: unknown): ScriptedReply => ({ kind: 'message', content: JSON.stringify(value) });

/** A scripted model: one good and some bad proposals per operator, chosen by the prompt it receives. */
function model(body: { messages: { content: string }[] }): ScriptedReply {
  const prompt = body.messages[0]!.content;
  if (prompt.includes('Paraphrase the request')) {
    if (prompt.includes('note titled Groceries')) return json({ query: 'How many words does the body of my Groceries note have? Look the note up first.' });
    return json({ query: 'Please just do what I asked earlier.' });
  }
  if (prompt.includes('one step deeper')) {
    if (prompt.includes('Move 120 from savings to travel')) {
      return json({
        call: { tool: 'fx_convert', args: { amount: { $ref: 'c2.amount' }, currency: 'EUR' } },
        query: 'Move 120 from savings to travel, look up the transfer, and convert its amount to EUR for me.',
        answer: 'c3.converted',
      });
    }
    if (prompt.includes('balance of my checking account?')) return { kind: 'message', content: 'Sure! Here is a deeper task: add a step.' };
    return json({ call: { tool: 'fx_get_balance', args: { account: 'savings' } }, query: 'Also tell me the savings balance.', answer: 'c9.balance' });
  }
  if (prompt.includes('fx_weather (') && prompt.includes('forecast summary for Lisbon')) {
    return json({
      query: 'Plan a cycling outing in Oslo, then read the plan back and tell me its activity.',
      calls: [
        { id: 'c1', tool: 'fx_plan_outing', args: { city: 'Oslo', activity: 'cycling' } },
        { id: 'c2', tool: 'fx_get_plan', args: { plan_id: { $ref: 'c1.plan_id' } } },
      ],
      answer: { $ref: 'c2.activity' },
    });
  }
  return json({ query: 'Teleport me to Lima.', calls: [{ id: 'c1', tool: 'fx_teleport', args: { city: 'Lima' } }], answer: { $ref: 'c1.ok' } });
}

describe('the evolve stage with LLM operators', () => {
  let server: FakeServer;
  const cacheDir = join(tempDir('llm-cache-'), 'cache');
  beforeAll(async () => {
    server = await startFakeServer();
    server.respondWith((body) => model(body));
  });
  afterAll(() => server.close());

  const config = () =>
    fixtureConfig({
      evolve: {
        rule: { values: 0, extend: 0, constraint: 0, recovery: 0, reword: 0 },
        llm: { endpoint: { baseURL: server.url, model: 'fake-model', apiKeyEnv: 'ASYNCTOOL_TEST_NO_KEY', cacheDir, maxRetries: 0 } },
      },
    });

  async function evolve() {
    const dir = tempDir('evolve-llm-');
    const seeds = await runFixtureStage<Task>(seedStage, config(), [FIXTURE_SEEDS], dir);
    return runFixtureStage<Task>(evolveStage, config(), [seeds.output], dir);
  }

  it('keeps good proposals with their provenance and rejects bad ones with the reason', async () => {
    const { out, rejected, stats, output } = await evolve();
    expect(server.requests.length).toBe(15 * 3);

    const paraphrase = loadPrompt('evolve-paraphrase');
    const para = out.find((t) => t.id === 'notes-001~paraphrase1')!;
    expect(para.query).toMatch(/Groceries note/);
    expect(para.provenance).toEqual({ parents: ['notes-001'], operators: ['llm:paraphrase'], prompts: [{ id: paraphrase.id, hash: paraphrase.hash }], model: 'fake-model' });

    const deep = out.find((t) => t.id === 'bank-002~deepen1')!;
    expect(deep.calls.at(-1)).toEqual({ id: 'c3', tool: 'fx_convert', args: { amount: { $ref: 'c2.amount' }, currency: 'EUR' } });
    expect(deep.answer).toEqual({ $ref: 'c3.converted' });
    expect(deep.provenance?.prompts?.[0]?.id).toMatch(/^evolve-deepen@[0-9a-f]{8}$/);

    const broad = out.find((t) => t.id === 'weather-001~broaden1')!;
    expect(broad.toolkit).toBe('fx_weather');
    expect(broad.calls.map((c) => c.tool)).toEqual(['fx_plan_outing', 'fx_get_plan']);

    const reason = (id: string) => rejected.find((r) => r.id === id)?.reason;
    expect(reason('bank-001~paraphrase#1')).toBe('llm:paraphrase:literal-missing');
    expect(reason('bank-001~deepen#1')).toBe('llm:deepen:bad-reply');
    expect(reason('bank-003~deepen#1')).toBe('llm:deepen:no-dependency');
    expect(reason('bank-003~broaden#1')).toBe('llm:broaden:unknown-function');
    expect(stats.extra?.llm).toMatchObject({ model: 'fake-model', usage: { requests: 45, cachedResponses: 0 } });

    // A second run from scratch is answered entirely by the response cache, with the same result.
    const again = await evolve();
    expect(server.requests.length).toBe(45);
    expect(again.stats.extra?.llm).toMatchObject({ usage: { requests: 0, cachedResponses: 45 } });
    expect(readFileSync(again.output, 'utf8')).toBe(readFileSync(output, 'utf8'));
  });
});
