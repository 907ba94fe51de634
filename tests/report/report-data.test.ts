import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonForScript } from '../../pipeline/report/embed.ts';
import { renderHtml } from '../../pipeline/report/html.ts';
import { buildReportData, type ReportRun } from '../../pipeline/report/aggregate.ts';
import { packEpisode, CLIP_CHARS } from '../../pipeline/report/pack.ts';
import { traceOnlyMarks } from '../../pipeline/report/marks.ts';
import { formatMarkdown, formatTerminal, leaderboardJson } from '../../pipeline/report/compare.ts';
import { formatAblation } from '../../pipeline/report/ablate.ts';
import { METRICS, metricIndex, toCell } from '../../pipeline/report/metrics.ts';
import { FLAG_VIOLATION } from '../../pipeline/report/model.ts';
import { proportionInterval } from '../../pipeline/score/interval.ts';
import { groupMetrics } from '../../pipeline/score/summary.ts';
import type { EpisodeRecord } from '../../pipeline/schema/result.ts';
import { fakeRecord } from './records.ts';

function run(label: string, records: EpisodeRecord[]): ReportRun {
  const first = records[0]!;
  return {
    label,
    agent: first.trace.agent,
    mode: first.trace.mode,
    dir: `runs/${label}`,
    episodes: records.map((record) => ({
      record,
      marks: traceOnlyMarks(
        record.trace,
        record.score.tasks.map((t) => t.taskId),
      ),
    })),
  };
}

describe('embedding data in the page', () => {
  it('escapes every character that could end the data block, and round-trips', () => {
    const value = { reply: '</script><script>alert(1)</script> & <!-- \u2028 \u2029' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('never writes a data string into the page as markup', () => {
    const hostile = '<img src=x onerror=window.__xss=1><script>window.__xss=1</script>';
    const data = buildReportData([run('oracle', [fakeRecord({ reply: hostile })])], 'report');
    const html = renderHtml(data);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>window.__xss');
    const block = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.stringify(JSON.parse(block))).toContain('window.__xss=1</script>');
  });

  it('allows only its own inline script by hash', () => {
    const html = renderHtml(buildReportData([run('oracle', [fakeRecord()])], 'report'));
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/<(link|script)[^>]+(src|href)="https?:/);
  });
});

describe('report data', () => {
  const oracle = run('oracle', [fakeRecord({ id: 'a' }), fakeRecord({ id: 'b' })]);
  const faulty = run('faulty', [fakeRecord({ id: 'a', agent: 'faulty', solved: false, efficiency: 0.5 }), fakeRecord({ id: 'b', agent: 'faulty', efficiency: 0.7 })]);

  it('puts every headline metric of every run in the leaderboard with an interval', () => {
    const data = buildReportData([oracle, faulty], 'report');
    const success = metricIndex('taskSuccess');
    const eff = metricIndex('efficiency');
    expect(data.leaderboard).toHaveLength(2);
    expect(data.leaderboard[0]!).toHaveLength(METRICS.length);
    // The scorer's own intervals (Wilson for shares), so the page agrees with summary.json.
    const wilson = proportionInterval(2, 2);
    expect(data.leaderboard[0]![success]).toEqual([1, wilson.low, wilson.high, 2]);
    expect(wilson.low).toBeLessThan(1);
    const [mean, lo, hi, n] = data.leaderboard[1]![eff]!;
    expect(mean).toBeCloseTo(0.6);
    expect(lo).toBeLessThan(mean);
    expect(hi).toBeGreaterThan(mean);
    expect(n).toBe(2);
  });

  it('breaks success and efficiency down by toolkit, tasks, pattern and regime', () => {
    const data = buildReportData([oracle, faulty], 'report');
    const by = Object.fromEntries(data.breakdowns.map((b) => [b.by, b]));
    expect(by.tasks!.groups).toEqual(['2']);
    expect(by.pattern!.groups).toEqual(['similar']);
    expect(by.regime!.groups).toEqual(['fast']);
    expect(by.toolkit!.groups).toEqual(['math']);
    // Per task for toolkits: the faulty run solved 3 of 4 math tasks.
    expect(by.toolkit!.success[0]![1]![0]).toBeCloseTo(0.75);
    expect(by.tasks!.success[0]![1]![0]).toBeCloseTo(0.5);
  });

  it('counts failure modes per run', () => {
    const data = buildReportData([oracle, faulty], 'report');
    const mi = data.failures.modes.indexOf('answer-mismatch');
    expect(data.failures.counts.map((row) => row[mi])).toEqual([0, 1]);
  });

  it('gives failure modes per sample with several trials, as summary.json does, beside the episodes given each', () => {
    // 2 samples × 2 trials: a fails its first trial only, b never fails.
    const records = [fakeRecord({ id: 'a', solved: false }), fakeRecord({ id: 'a' }), fakeRecord({ id: 'b' }), fakeRecord({ id: 'b' })];
    records.forEach((r, i) => {
      r.trial = (i % 2) + 1;
    });
    const data = buildReportData([{ ...run('trials', records), settings: { delivery: 'push', lifecycle: 'none', trials: 2 } }], 'report');
    const mi = data.failures.modes.indexOf('answer-mismatch');
    expect(data.failures.counts[0]![mi]).toBe(1);
    // a is half a failure (1 of its 2 trials), b none: 0.25 of 2 samples, not 1 of 4 episodes counted as samples.
    const share = data.failures.shares[0]![mi]!;
    expect(share[0]).toBeCloseTo(0.25);
    expect(share[3]).toBe(2);
    expect(share).toEqual(toCell(groupMetrics(records).failureModes['answer-mismatch']));
    const page = renderHtml(data);
    expect(page).toContain('Share of samples given each label');
  });

  it('forms a latency ablation from one agent in several modes, on the samples they share', () => {
    const instant = run('instant', [fakeRecord({ id: 'a', mode: 'instant' }), fakeRecord({ id: 'b', mode: 'instant' }), fakeRecord({ id: 'c', mode: 'instant' })]);
    const slow = run('async', [fakeRecord({ id: 'a', solved: false, efficiency: 0.4 }), fakeRecord({ id: 'b', efficiency: 0.6 })]);
    const data = buildReportData([slow, instant], 'report');
    expect(data.ablations).toHaveLength(1);
    const ab = data.ablations[0]!;
    expect(ab.runs).toEqual([1, 0]);
    expect(ab.baseline).toBe('instant');
    expect(ab.against).toEqual(['async']);
    const success = ab.rows.find((r) => r.metric === metricIndex('taskSuccess'))!;
    expect(success.values[0]![3]).toBe(2);
    expect(success.deltas[0]).toBeCloseTo(-0.5);
    const eff = ab.rows.find((r) => r.metric === metricIndex('efficiency'))!;
    expect(eff.deltas[0]).toBeCloseTo(-0.5);

    const lines = formatAblation(data.ablations, ['instant', 'async']).split('\n');
    expect(lines[0]).toBe('oracle (2 shared samples)');
    expect(lines[1]).toMatch(/^metric\s+instant\s+async\s+Δ async vs instant$/);
    expect(lines.find((l) => l.startsWith('Task success'))).toMatch(/^Task success\s+100\.0% \[34\.2%, 100\.0%\]\s+50\.0% \[\S+, \S+\]\s+-50\.0%$/);
    // Columns line up: every row is as wide as the header.
    expect(new Set(lines.slice(1).map((l) => [...l].length)).size).toBe(1);
  });

  it('packs an episode compactly and clips long values', () => {
    const record = fakeRecord();
    record.trace.calls[0]!.result = 'x'.repeat(CLIP_CHARS + 10);
    const packed = packEpisode(record, 0, ['answer-mismatch'], { taskOf: [0, 1, -1], violation: [false, true, false], wasted: [false, false, false], idle: [[1, 2]] });
    expect(packed.c.map((c) => c[0])).toEqual([0, 1, -1]);
    expect(packed.c[1]![8] & FLAG_VIOLATION).toBe(FLAG_VIOLATION);
    expect(packed.c[0]![10]).toEqual({ $truncated: CLIP_CHARS + 10, head: 'x'.repeat(CLIP_CHARS) });
    expect(packed.c[2]![10]).toBe('unknown function nope');
    expect(packed.t).toEqual([0, 4, 5]);
    expect(packed.k.map((k) => k[3])).toEqual(['Add 1 and 1', 'Add 2 and 1']);
    expect(packed.i).toEqual([[1, 2]]);
  });
});

describe('compare', () => {
  const runs = [
    { label: 'oracle | async', agent: 'oracle', mode: 'async', dir: 'a', records: [fakeRecord(), fakeRecord({ id: 'b' })] },
    { label: 'faulty', agent: 'faulty', mode: 'async', dir: 'b', records: [fakeRecord({ solved: false })] },
  ];

  it('prints every metric for every run on the terminal', () => {
    const text = formatTerminal(runs);
    for (const m of METRICS) expect(text).toContain(m.label);
    expect(text.split('\n')[0]).toContain('faulty');
    expect(text).toMatch(/Task success ↑\s+100\.0% \[34\.2%, 100\.0%\]\s+0\.0% \[0\.0%, 79\.3%\]/);
  });

  it('writes a Markdown table with one row per run', () => {
    const lines = formatMarkdown(runs).split('\n');
    expect(lines[0]).toMatch(/^\| Run \| Delivery \| Lifecycle \| Trials \| Episodes \| Samples \| pass\^k \| Task success \|/);
    expect(lines[1]).toMatch(/^\| --- \| --- \| --- \| ---: \|/);
    expect(lines[2]).toMatch(/^\| oracle \\\| async \| push \| none \| 1 \| 2 \| 2 \| – \| 100\.0%/);
    expect(lines[3]).toMatch(/^\| faulty \| push \| none \| 1 \| 1 \| 1 \| – \| 0\.0%/);
  });

  it('gives JSON with every metric keyed by name', () => {
    const json = leaderboardJson(runs);
    const summary = groupMetrics(runs[1]!.records).taskSuccess;
    expect(json.runs[1]!.metrics.taskSuccess).toEqual(summary);
    expect(Object.keys(json.runs[0]!.metrics)).toEqual(METRICS.map((m) => m.key));
  });
});

describe('cost in the leaderboard', () => {
  it('shows what a model run paid, says when no price is known, and nothing for runs that call no model', () => {
    const paid = { ...run('model', [fakeRecord()]), cost: { paidUsd: 0.0123, savedByCacheUsd: 0.5 } };
    const unpriced = { ...run('local', [fakeRecord()]), cost: null };
    const oracle = run('oracle', [fakeRecord()]);
    const data = buildReportData([paid, unpriced, oracle], 'report');
    expect(data.runs.map((r) => r.cost)).toEqual(['$0.0123 paid, $0.5000 saved by the cache', 'tokens only (no price known)', '']);
    expect(renderHtml(data)).toContain('$0.0123 paid');
  });
});
