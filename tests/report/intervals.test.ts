import { describe, expect, it } from 'vitest';
import { formatTerminal } from '../../pipeline/report/compare.ts';
import type { EpisodeRecord } from '../../pipeline/schema/result.ts';
import { formatSummaryTable, groupMetrics, summarize } from '../../pipeline/score/summary.ts';
import { fakeRecord } from './records.ts';

/** Five episodes: four with no idle time and full success, one with a little idle time and half its tasks solved. */
function records(): EpisodeRecord[] {
  return ['a', 'b', 'c', 'd', 'e'].map((id, i) => {
    const r = fakeRecord({ id, solved: i < 4, efficiency: i < 4 ? 0 : 0.1 });
    r.score.efficiency.idleRatio = i < 4 ? 0 : 0.001;
    r.score.efficiency.wastedCalls = i < 4 ? 0 : 1;
    return r;
  });
}

describe('intervals stay inside the values a metric can take', () => {
  it('shares within [0, 1] and counts and ratios at least 0, in summary.json and in compare', () => {
    const m = groupMetrics(records());
    expect(m.subtaskSuccess).toMatchObject({ mean: 0.9, high: 1 });
    expect(m.subtaskSuccess.low).toBeGreaterThan(0.5);
    expect(m.idleRatio.low).toBe(0);
    expect(m.idleRatio.high).toBeGreaterThan(m.idleRatio.mean);
    expect(m.efficiency.low).toBe(0);
    expect(m.wastedCalls.low).toBe(0);
    const all = [m.taskSuccess, m.subtaskSuccess, m.stepF1, m.stepPrecision, m.stepRecall, m.toolAccuracy, m.argAccuracy, m.idleRatio, ...Object.values(m.failureModes)];
    for (const i of all) expect([i.low, i.high].every((v) => v >= 0 && v <= 1)).toBe(true);
    const table = formatTerminal([{ label: 'run', agent: 'oracle', mode: 'async', dir: 'runs/x', records: records() }]);
    expect(table).not.toMatch(/-0\.0|\[-/);
    expect(Math.max(...[...table.matchAll(/(-?[\d.]+)%/g)].map((p) => Number(p[1])))).toBe(100);
  });

  it('a group with no episodes shows – in the summary table, not 0.0% with an interval', () => {
    const table = formatSummaryTable(summarize([], {}));
    const overall = table.split('\n').find((l) => l.startsWith('overall'))!;
    expect(overall).not.toContain('%');
    expect(overall.trim().split(/\s+/)).toEqual(['overall', '0', '–', '–', '–', '–', '–', '–', '–', '–']);
  });
});
