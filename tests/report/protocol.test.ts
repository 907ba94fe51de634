import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../pipeline/core/log.ts';
import { buildReportData, type ReportRun } from '../../pipeline/report/aggregate.ts';
import { formatMarkdown, formatTerminal, leaderboardJson } from '../../pipeline/report/compare.ts';
import { renderHtml } from '../../pipeline/report/html.ts';
import { loadRun } from '../../pipeline/report/load.ts';
import { traceOnlyMarks } from '../../pipeline/report/marks.ts';
import type { RunSettings } from '../../pipeline/report/model.ts';
import { lifecycleLabel } from '../../pipeline/report/protocol.ts';
import type { EpisodeRecord } from '../../pipeline/schema/result.ts';
import { fakeRecord } from './records.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(label: string, records: EpisodeRecord[], settings: RunSettings, mode = 'async'): ReportRun {
  return {
    label,
    agent: records[0]!.trace.agent,
    mode,
    dir: `runs/${label}`,
    settings,
    episodes: records.map((record) => ({
      record,
      marks: traceOnlyMarks(
        record.trace,
        record.score.tasks.map((t) => t.taskId),
      ),
    })),
  };
}

/** An episode with its wasted polls, thinking time and extra labels set. */
function episode(id: string, opts: { solved?: boolean; efficiency?: number; wastedPolls?: number; thinkingTime?: number; labels?: string[]; trial?: number } = {}): EpisodeRecord {
  const r = fakeRecord({ id, solved: opts.solved ?? true, efficiency: opts.efficiency ?? 1 });
  r.score.efficiency.wastedPolls = opts.wastedPolls ?? 0;
  r.score.efficiency.thinkingTime = opts.thinkingTime ?? 0;
  // Labels a later scorer may add (expired-result) are read as strings: the schema is not consulted here.
  (r.score.failureModes as string[]).push(...(opts.labels ?? []));
  if (opts.trial !== undefined) {
    r.trial = opts.trial;
    r.trace.options.trial = opts.trial;
  }
  return r;
}

const push: RunSettings = { delivery: 'push', lifecycle: 'none', trials: 1 };
const poll: RunSettings = { delivery: 'poll', lifecycle: 'none', trials: 1 };

describe('the delivery comparison', () => {
  it('compares one agent across delivery modes on shared samples: success, efficiency, wasted polls, thinking time', () => {
    const pushed = run('push', [episode('a'), episode('b'), episode('c')], push);
    const polled = run('poll', [episode('a', { wastedPolls: 3, thinkingTime: 2 }), episode('b', { solved: false, efficiency: 0, wastedPolls: 1, labels: ['fetched-nothing'] })], poll, 'async-poll');
    // Another lifecycle setting is another comparison: alone, it forms none.
    const late = run('late', [episode('a')], { delivery: 'notify', lifecycle: 'late 20%', trials: 1 });
    const data = buildReportData([polled, late, pushed], 'report');
    expect(data.protocols).toHaveLength(1);
    const cmp = data.protocols[0]!;
    expect(cmp).toMatchObject({ agent: 'oracle', mode: 'async', lifecycle: 'none', runs: [2, 0], deliveries: ['push', 'poll'], samples: 2 });
    const row = (key: string) => cmp.rows.find((r) => r.key === key)!.values.map((v) => v?.[0]);
    expect(row('taskSuccess')).toEqual([1, 0.5]);
    expect(row('efficiency')).toEqual([1, 0.5]);
    expect(row('wastedPolls')).toEqual([0, 2]);
    expect(row('thinkingTime')).toEqual([0, 1]);
    expect(cmp.rows.every((r) => r.values.every((v) => v?.[3] === 2))).toBe(true);
  });

  it('gives each run the share of samples with each lifecycle label, the expired-result label included', () => {
    const polled = run('poll', [episode('a', { labels: ['fetched-nothing', 'expired-result'] }), episode('b', { labels: ['used-receipt'] }), episode('c'), episode('d')], poll);
    const data = buildReportData([polled], 'report');
    expect(data.lifecycle.labels).toEqual(['missed-late-failure', 'used-receipt', 'fetched-nothing', 'expired-result']);
    expect(data.lifecycle.shares[0]!.map((c) => c?.[0])).toEqual([0, 0.25, 0.25, 0.25]);
    expect(data.runs[0]).toMatchObject({ delivery: 'poll', lifecycle: 'none', trials: 1, passHat: null });
  });
});

describe('multi-trial runs in the report', () => {
  const records = ['a', 'b'].flatMap((id) => [1, 2, 3].map((trial) => episode(id, { trial, solved: id === 'a' || trial === 1 })));

  it('loadRun keeps every trial of every sample, and the settings of run.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-trials-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'traces.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ agent: 'oracle', mode: 'async', delivery: 'notify', trials: 3, lifecycle: { lateFailure: 0.2, seed: 1, timeout: 0.1, ttl: 30 } }));
    const loaded = await loadRun(dir, silentLogger);
    expect(loaded.records).toHaveLength(6);
    expect(loaded.records.map((r) => `${r.sampleId}${r.trial}`)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    expect(loaded.settings).toEqual({ delivery: 'notify', lifecycle: 'late 20% · timeout 10% · ttl 30s', trials: 3 });
  });

  it('shows every trial, with its index, and pass^k at the run’s k beside the per-sample means', () => {
    const data = buildReportData([run('trials', records, { ...push, trials: 3 })], 'report');
    expect(data.episodes.map((e) => `${e.id}${e.tr}`)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    const info = data.runs[0]!;
    expect(info).toMatchObject({ episodes: 6, samples: 2, trials: 3 });
    // a solves 3 of 3, b 1 of 3: pass^3 = (1 + 0) / 2, pass@3 = 1.
    expect(info.passHat?.[0]).toBe(0.5);
    expect(info.passAt?.[0]).toBe(1);
    // Task success: each sample's share of solved trials (1, 1/3), then the mean over the 2 samples.
    expect(data.leaderboard[0]![0]![0]).toBeCloseTo(2 / 3, 5);
    expect(data.leaderboard[0]![0]![3]).toBe(2);
  });

  it('compare prints delivery, lifecycle, trials and pass^k per run', () => {
    const runs = [
      { label: 'push', agent: 'oracle', mode: 'async', dir: 'a', settings: push, records: [episode('a')] },
      { label: 'notify', agent: 'oracle', mode: 'async-notify', dir: 'b', settings: { delivery: 'notify', lifecycle: 'late 20%', trials: 3 }, records },
    ];
    const lines = formatTerminal(runs).split('\n');
    expect(lines.find((l) => l.startsWith('delivery'))).toMatch(/^delivery\s+push\s+notify$/);
    expect(lines.find((l) => l.startsWith('lifecycle'))).toMatch(/^lifecycle\s+none\s+late 20%$/);
    expect(lines.find((l) => l.startsWith('trials'))).toMatch(/^trials\s+1\s+3$/);
    expect(lines.find((l) => l.startsWith('samples'))).toMatch(/^samples\s+1\s+2$/);
    expect(lines.find((l) => l.startsWith('pass^k'))).toMatch(/–\s+0\.500 \[/);
    expect(formatMarkdown(runs).split('\n')[3]).toMatch(/^\| notify \| notify \| late 20% \| 3 \| 6 \| 2 \| 0\.500 \[/);
    expect(leaderboardJson(runs).runs[1]).toMatchObject({ delivery: 'notify', lifecycle: 'late 20%', trials: 3, samples: 2, passHat: { mean: 0.5, n: 2 } });
  });
});

describe('lifecycle labels and settings in the page', () => {
  it('reads the lifecycle block loosely and labels a run without one as none', () => {
    expect(lifecycleLabel(undefined)).toBe('none');
    expect(lifecycleLabel({ lateFailure: 0, seed: 3 })).toBe('none');
    expect(lifecycleLabel({ lateFailure: 0.25, seed: 3 })).toBe('late 25%');
    expect(lifecycleLabel({ ttl: 12.5 })).toBe('ttl 12.5s');
  });

  it('a hostile delivery string in run settings reaches the page as data, never markup', () => {
    const hostile = '<img src=x onerror=window.__xss=1>';
    const html = renderHtml(buildReportData([run('x', [episode('a')], { delivery: hostile, lifecycle: hostile, trials: 1 })], 'report'));
    expect(html).not.toContain('<img src=x');
  });
});
