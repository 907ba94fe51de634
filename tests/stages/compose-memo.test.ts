import { describe, expect, it } from 'vitest';
import { loadRegistry } from '../../pipeline/world/registry.ts';
import { executeGold } from '../../pipeline/world/execute.ts';
import { replaySampleGold } from '../../pipeline/world/replay.ts';
import { rngFor } from '../../pipeline/core/rng.ts';
import { PipelineConfig } from '../../pipeline/config/schema.ts';
import { bridgesOf, producedBy, realiseBridge } from '../../pipeline/stages/compose/bridges.ts';
import { buildBundle } from '../../pipeline/stages/compose/bundle.ts';
import { BundleMemo } from '../../pipeline/stages/compose/memo.ts';
import { replayBundle } from '../../pipeline/stages/compose/replay.ts';
import type { PoolTask } from '../../pipeline/stages/compose/pool.ts';
import type { Task } from '../../pipeline/schema/task.ts';
import { loadTemplates } from '../../pipeline/stages/evolve/templates.ts';

// Compose remembers what it learnt about a bundle within one run; these pin that what it reuses is
// what a fresh replay would give, so the dataset does not change with the memo.
const registry = await loadRegistry();
const bridges = bridgesOf(registry);
const config = PipelineConfig.parse({});

const fare = (id: string, date: string): Task => ({
  id,
  toolkit: 'travel',
  query: `How much is an economy flight on ${date} from CRH to HKG?`,
  calls: [{ id: 'c1', tool: 'get_flight_cost', args: { travel_from: 'CRH', travel_to: 'HKG', travel_date: date, travel_class: 'economy' } }],
  answer: { $ref: 'c1.travel_cost_list[0]' },
});
const pooled = (task: Task): PoolTask => ({ task, root: task.id, run: executeGold(task, registry) });

/** The fare task and the bridge that pays it from the trading account, as the planner makes them. */
function chain(producer = pooled(fare('fare', '2026-05-14'))): PoolTask[] {
  const produced = { ...producedBy(producer, registry)!, tid: 'T1' };
  const cover = bridges.find((b) => b.bridge.id === 'cover-fare-from-cash')!;
  const r = realiseBridge(
    cover,
    [produced],
    registry,
    () => producer.run,
    () => ({ ...producer.task, id: 'T1' }),
  );
  if (!r.ok) throw new Error(r.detail);
  return [producer, r.entry];
}

const build = (entries: PoolTask[], memo?: BundleMemo, pattern: 'chain' | 'similar' = 'chain') =>
  buildBundle({ id: 'k2-test-0001', pattern, entries, links: pattern === 'chain' ? [[0, 1]] : [] }, rngFor(42, 'compose', 'k2-test-0001', 1), {
    registry,
    config,
    templates: loadTemplates(),
    toolkits: [...registry.toolkits.keys()],
    ...(memo ? { memo } : {}),
  });

describe('compose reuses what it already ran', () => {
  it('a bundle whose tasks have toolkits of their own replays exactly as a fresh replay of the sample', () => {
    const result = build(chain());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const fresh = replaySampleGold(result.sample, registry);
    const reused = replayBundle(result.sample.tasks, chain(), registry);
    expect(reused.problems).toEqual([]);
    for (const t of result.sample.tasks) {
      expect(reused.tasks[t.id]!.answer).toEqual(fresh.tasks[t.id]!.answer);
      expect(reused.tasks[t.id]!.calls).toEqual(fresh.tasks[t.id]!.calls);
    }
    expect(reused.finalStates).toEqual(fresh.finalStates);
  });

  it('tasks sharing a toolkit are replayed on the shared state, not taken from the pool', () => {
    const login = {
      id: 'c1',
      tool: 'authenticate_travel',
      args: { client_id: 'app-4417-travel', client_secret: 's3cr3t-Quill-88', refresh_token: 'rt_77f2c1a0', grant_type: 'read_write', user_first_name: 'Priya', user_last_name: 'Raman' },
    };
    const token = { access_token: { $ref: 'c1.access_token' } };
    const book: Task = {
      id: 'book',
      toolkit: 'travel',
      query: 'Book an economy flight from SFO to LAX on 2026-04-09 with card card_4821. What is the booking id?',
      calls: [login, { id: 'c2', tool: 'book_flight', args: { ...token, card_id: 'card_4821', travel_date: '2026-04-09', travel_from: 'SFO', travel_to: 'LAX', travel_class: 'economy' } }],
      answer: { $ref: 'c2.booking_id' },
    };
    const balance: Task = {
      id: 'balance',
      toolkit: 'travel',
      query: 'What is the balance on card card_4821?',
      calls: [
        { ...login, args: { ...login.args, client_id: 'wanderly-web' } },
        { id: 'c2', tool: 'get_credit_card_balance', args: { ...token, card_id: 'card_4821' } },
      ],
      answer: { $ref: 'c2.card_balance' },
    };
    const entries = [pooled(book), pooled(balance)];
    const tasks = entries.map((e, i) => ({ ...e.task, id: `T${i + 1}` }));
    const reused = replayBundle(tasks, entries, registry);
    expect(reused).toEqual(replaySampleGold({ tasks }, registry));
    // The booking was paid from the card: alone, the balance task reads a fuller card.
    expect(reused.tasks.T2!.answer).not.toEqual(entries[1]!.run.answer);
  });

  it('gives the same sample and the same verdicts with the memo as without it', () => {
    const memo = new BundleMemo();
    expect(build(chain(), memo)).toEqual(build(chain()));
    // Twice the same call with the same written arguments: rejected before any replay, as after one.
    const twin = [pooled(fare('a', '2026-05-14')), pooled(fare('b', '2026-05-14'))];
    const verdict = build(twin, memo, 'similar');
    expect(verdict).toMatchObject({ ok: false, reason: 'duplicate-call', detail: 'T1.c1 and T2.c1 make the same get_flight_cost call' });
  });

  it('names bundles by their tasks and order, and realises a bridge once per set of producers', () => {
    const memo = new BundleMemo();
    const [a, b, c] = [pooled(fare('a', '2026-05-14')), pooled(fare('b', '2026-05-15')), pooled(fare('c', '2026-05-16'))];
    expect(memo.key([a!, b!])).toBe(memo.key([a!, b!]));
    expect(new Set([memo.key([a!, b!]), memo.key([b!, a!]), memo.key([a!, c!])]).size).toBe(3);
    // Two realisations of one bridge with the same content are one bundle member.
    expect(memo.key(chain(a))).toBe(memo.key([a!, chain(a)[1]!]));
    let made = 0;
    const realise = () => {
      made++;
      return { ok: false as const, reason: 'bridge-empty', detail: 'x' };
    };
    memo.bridge('cover', [{ tid: 'T1', value: 1 }], [a!], realise);
    memo.bridge('cover', [{ tid: 'T1', value: 1 }], [a!], realise);
    memo.bridge('cover', [{ tid: 'T1', value: 1 }], [b!], realise);
    expect(made).toBe(2);
    memo.rejectBuild('k', { reason: 'replay', detail: 'd' });
    expect(memo.buildRejection('k')).toEqual({ reason: 'replay', detail: 'd' });
    expect(memo.previewRejection('slot', 'k')).toBeUndefined();
  });
});
