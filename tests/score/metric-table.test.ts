import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leaderboardJson } from '../../pipeline/report/compare.ts';
import { METRICS } from '../../pipeline/report/metrics.ts';
import { renderMetricDocs, replaceMetricDocs } from '../../pipeline/score/metric-docs.ts';
import { METRIC_TABLE } from '../../pipeline/score/metric-table.ts';
import { groupMetrics, summarize } from '../../pipeline/score/summary.ts';
import { Summary } from '../../pipeline/schema/summary.ts';
import { fakeRecord } from '../report/records.ts';

const records = () => [fakeRecord({ id: 'a', solved: true, efficiency: 0.5 }), fakeRecord({ id: 'b', solved: false, efficiency: 0 })];

describe('the metrics table', () => {
  it("is summary.json's metric list: every key, in table order, right after episodes and samples", () => {
    const keys = Object.keys(groupMetrics(records()));
    expect(keys.slice(0, 2 + METRIC_TABLE.length)).toEqual(['episodes', 'samples', ...METRIC_TABLE.map((m) => m.key)]);
    for (const m of METRIC_TABLE) expect(Object.keys(groupMetrics(records())[m.key]).sort()).toEqual(['high', 'low', 'mean', 'n']);
  });

  it('is the report and compare column list, less the lines marked summary.json only', () => {
    const shown = METRIC_TABLE.filter((m) => m.leaderboard !== false).map((m) => m.key);
    expect(METRICS.map((m) => m.key)).toEqual(shown);
    expect(shown).not.toContain('stepPrecision');
    const board = leaderboardJson([{ label: 'x', agent: 'oracle', mode: 'async', dir: 'x', records: records() }]);
    expect(Object.keys(board.runs[0]!.metrics)).toEqual(shown);
    // The same intervals as summary.json, key by key.
    const group = groupMetrics(records());
    for (const key of shown) expect(board.runs[0]!.metrics[key]).toEqual(group[key as keyof typeof group]);
  });

  it('leaves out episodes a metric has no value for: efficiencySolved is over the solved sample only', () => {
    const m = groupMetrics(records());
    expect(m.efficiencySolved).toMatchObject({ mean: 0.5, n: 1 });
    expect(m.efficiency).toMatchObject({ mean: 0.25, n: 2 });
  });

  it("is summary.json's schema: every key an interval, and a summary that lacks one does not parse", () => {
    const summary = summarize(records(), { agent: 'oracle' });
    expect(Summary.parse(summary)).toEqual(summary);
    for (const m of METRIC_TABLE) expect(Object.keys(Summary.shape.overall.shape)).toContain(m.key);
    const { taskSuccess: _dropped, ...without } = summary.overall;
    expect(Summary.safeParse({ ...summary, overall: without }).success).toBe(false);
  });

  it('is documented in docs/summary-keys.md as npm run schemas writes it', () => {
    const doc = readFileSync(new URL('../../docs/summary-keys.md', import.meta.url), 'utf8');
    const rendered = renderMetricDocs(METRIC_TABLE);
    expect(replaceMetricDocs(doc, rendered), 'the metrics table of docs/summary-keys.md is out of date: run npm run schemas').toBe(doc);
    for (const m of METRIC_TABLE) expect(rendered).toContain(`| \`${m.key}\` |`);
  });
});
