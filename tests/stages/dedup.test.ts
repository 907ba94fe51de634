import { describe, expect, it } from 'vitest';
import { dedupSamples } from '../../pipeline/stages/dedup/index.ts';
import { findNearDuplicates } from '../../pipeline/stages/dedup/minhash.ts';
import { rngFor } from '../../pipeline/core/rng.ts';
import { PipelineConfig } from '../../pipeline/config/schema.ts';
import { SCHEMA_VERSION, type Sample } from '../../pipeline/schema/sample.ts';

function sample(id: string, queries: string[], tools = ['fx_get_balance']): Sample {
  return {
    id,
    schemaVersion: SCHEMA_VERSION,
    tasks: queries.map((query, i) => ({
      id: `T${i + 1}`,
      toolkit: 'fx_bank',
      query,
      calls: tools.map((tool, j) => ({ id: `c${j + 1}`, tool, args: { account: 'checking' } })),
      answer: { $ref: 'c1.balance' },
    })),
    tools,
    latencies: {},
    meta: { pattern: 'similar', regime: 'realistic', turnCost: 1, oracleMakespan: 1, sequentialMakespan: 2, toolkits: ['fx_bank'] },
  };
}

const options = PipelineConfig.parse({}).dedup;
const LONG_A = 'Look up the balance of my checking account and then move the whole amount over to the travel account before Friday so the trip is covered';
const LONG_B = 'Find the note titled Groceries, count the words in its body, and append a line about buying apples and pears at the market tomorrow morning';

describe('dedup', () => {
  it('drops exact duplicates whatever their ids and task order, keeping the first id', () => {
    const result = dedupSamples([sample('s2', [LONG_B, LONG_A]), sample('s1', [LONG_A, LONG_B]), sample('s3', [LONG_A])], options);
    expect(result.kept.map((s) => s.id)).toEqual(['s1', 's3']);
    expect(result.exact).toEqual([{ dropped: 's2', kept: 's1' }]);
  });

  it('drops a near duplicate (one word changed) and keeps a different request', () => {
    const near = LONG_A.replace('before Friday', 'before Monday');
    const result = dedupSamples([sample('a', [LONG_A]), sample('b', [near]), sample('c', [LONG_B])], options);
    expect(result.kept.map((s) => s.id)).toEqual(['a', 'c']);
    expect(result.near).toEqual([{ dropped: 'b', kept: 'a', similarity: expect.any(Number) }]);
    expect(result.near[0]!.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('never calls two samples near duplicates when their structure differs', () => {
    const result = dedupSamples([sample('a', [LONG_A]), sample('b', [LONG_A.replace('Friday', 'Monday')], ['fx_transfer'])], options);
    expect(result.kept).toHaveLength(2);
  });

  it('honours the threshold and the switches in config', () => {
    const near = LONG_A.replace('before Friday', 'before Monday');
    const strict = dedupSamples([sample('a', [LONG_A]), sample('b', [near])], { ...options, near: { ...options.near, threshold: 1 } });
    expect(strict.kept).toHaveLength(2);
    const off = dedupSamples([sample('a', [LONG_A]), sample('b', [LONG_A])], { exact: false, near: { ...options.near, enabled: false } });
    expect(off.kept).toHaveLength(2);
  });

  it('compares each item with a few bucket neighbours, not with every other item', () => {
    const rng = rngFor('dedup-test');
    const vocabulary = Array.from({ length: 500 }, (_, i) => `w${i}`);
    const items = Array.from({ length: 3000 }, (_, i) => ({ id: `s${i}`, text: Array.from({ length: 25 }, () => rng.pick(vocabulary)).join(' '), structure: `st${i % 7}` }));
    const { pairs, comparisons } = findNearDuplicates(items, options.near);
    expect(pairs).toEqual([]);
    expect(comparisons).toBeLessThan(items.length * 5);
  });
});
