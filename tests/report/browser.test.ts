import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { writeReport } from '../../pipeline/report/build.ts';
import { silentLogger } from '../../pipeline/core/log.ts';
import { browserUnavailable, launch, openReport } from './browser.ts';
import { DATASET, makeReferenceRuns } from './runs.ts';
import { runCli } from '../support/cli.ts';

/** Screenshots and reports these tests make are kept here for a person to look at. */
const OUT = 'output/tests/report';
const unavailable = browserUnavailable();

describe.skipIf(unavailable !== null)(`the report in headless Chromium${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let browser: Browser;
  let runs: { root: string; dirs: string[] };

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    [browser, runs] = await Promise.all([launch(), makeReferenceRuns()]);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders the leaderboard, the charts and an episode timeline with no console error', async () => {
    const file = join(OUT, 'reference-agents.html');
    await writeReport({ runDirs: runs.dirs, out: file, logger: silentLogger });
    const { page, problems } = await openReport(browser, file);

    expect(await page.locator('#leaderboard tbody tr').count()).toBe(4);
    expect(await page.locator('#leaderboard thead th').allTextContents()).toEqual(expect.arrayContaining(['Task success', 'Efficiency', 'Idle ratio']));
    expect(await page.locator('#breakdown svg.chart').count()).toBe(8);
    expect(await page.locator('#breakdown svg.chart rect.bar').count()).toBeGreaterThan(20);
    expect(await page.locator('#failures svg.chart').count()).toBe(1);
    expect(await page.locator('#ablation h3').allTextContents()).toEqual(['oracle']);
    expect(await page.locator('details.episode').count()).toBe(48);

    // The faulty agent's episodes: failed, with a dependency violation drawn on the timeline.
    await page.selectOption('#episode-outcome', { label: 'dependency-violation' });
    const id = await page.locator('details.episode').first().getAttribute('data-sample');
    await page.fill('#episode-search', id!);
    await page.selectOption('#episode-run', { label: 'faulty:premature · async' });
    expect(await page.locator('details.episode').count()).toBe(1);
    const episode = page.locator('details.episode').first();
    await episode.locator('summary').click();
    await expect.poll(() => episode.locator('svg.timeline g.call').count()).toBeGreaterThan(1);
    expect(await episode.locator('svg.timeline g.call.violation').count()).toBeGreaterThan(0);
    expect(await episode.locator('svg.timeline rect.turn').count()).toBeGreaterThan(1);
    expect(await episode.locator('.conversation .msg-assistant').count()).toBeGreaterThan(1);

    // Clicking a bar finds its call in the conversation.
    await episode.locator('svg.timeline g.call').first().click();
    expect(await episode.locator('.conversation .picked').count()).toBeGreaterThan(0);

    await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
    await episode.screenshot({ path: join(OUT, 'episode.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shades idle windows where the sequential agent waits with a ready call', async () => {
    const file = join(OUT, 'sequential.html');
    await writeReport({ runDirs: [runs.dirs[1]!], out: file, logger: silentLogger });
    const { page, problems } = await openReport(browser, file);
    const summary = JSON.parse(readFileSync(join(runs.dirs[1]!, 'summary.json'), 'utf8')) as { overall: { idleRatio: { mean: number } } };
    expect(summary.overall.idleRatio.mean).toBeGreaterThan(0);
    for (const details of await page.locator('details.episode').all()) await details.locator('summary').click();
    expect(await page.locator('svg.timeline rect.idle').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('searches and filters episodes by outcome', async () => {
    const file = join(OUT, 'reference-agents.html');
    const { page } = await openReport(browser, file);
    await page.selectOption('#episode-outcome', 'failed');
    const failed = await page.locator('details.episode').count();
    expect(failed).toBeGreaterThan(0);
    expect(await page.locator('details.episode.solved').count()).toBe(0);
    await page.selectOption('#episode-outcome', 'all');
    await page.fill('#episode-search', 'fx-03');
    expect(await page.locator('details.episode').count()).toBe(4);
    expect(await page.locator('#episode-count').textContent()).toContain('4 of 48');
    await page.close();
  });

  it('shows a hostile model reply as text and runs none of it', async () => {
    const img = '<img src=x onerror=window.__xss=1>';
    const script = '<script>window.__xss=1</script>';
    const dir = join(runs.root, 'hostile');
    mkdirSync(dir, { recursive: true });
    const lines = readFileSync(join(runs.dirs[0]!, 'traces.jsonl'), 'utf8').trim().split('\n');
    const record = JSON.parse(lines[0]!);
    const turn = record.trace.messages.find((m: { role: string }) => m.role === 'assistant');
    turn.content = `${img} ${script}`;
    record.trace.messages.find((m: { role: string }) => m.role === 'tasks').tasks[0].query = img;
    record.trace.calls[0].result = { note: script };
    writeFileSync(join(dir, 'traces.jsonl'), JSON.stringify(record) + '\n');

    const file = join(OUT, 'hostile.html');
    await writeReport({ runDirs: [dir], out: file, dataset: DATASET, logger: silentLogger });
    const { page, problems } = await openReport(browser, file);
    await page.fill('#episode-search', 'onerror');
    expect(await page.locator('details.episode').count()).toBe(1);
    await page.locator('details.episode summary').first().click();
    await page.waitForSelector('.conversation');

    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    const text = await page.locator('.conversation').innerText();
    expect(text).toContain(img);
    expect(text).toContain('window.__xss=1</script>');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('compares delivery modes, lists lifecycle labels, and shows every trial of a multi-trial run', async () => {
    const late = ['--agent', 'oracle', '--dataset', DATASET, '--limit', '4', '--late-failure', '0.3', '--no-report'];
    const pushDir = join(runs.root, 'late-push');
    const pollDir = join(runs.root, 'late-poll-trials');
    for (const [out, extra] of [
      [pushDir, []],
      [pollDir, ['--delivery', 'poll', '--trials', '2']],
    ] as const) {
      const res = await runCli(['evaluate', ...late, ...extra, '--out', out]);
      if (res.code !== 0) throw new Error(res.stderr);
    }
    const file = join(OUT, 'protocols.html');
    await writeReport({ runDirs: [pushDir, pollDir], out: file, logger: silentLogger });
    const { page, problems } = await openReport(browser, file);

    expect(await page.locator('#leaderboard td.delivery').allTextContents()).toEqual(['push', 'poll']);
    expect(await page.locator('#leaderboard td.lifecycle').allTextContents()).toEqual(['late 30%', 'late 30%']);
    expect(await page.locator('#protocols h3').allTextContents()).toEqual(['oracle · async · lifecycle late 30% (4 shared samples)']);
    expect(await page.locator('#protocols thead th').allTextContents()).toEqual(['metric', 'push', 'poll']);
    expect(await page.locator('#protocols tbody td:first-child').allTextContents()).toEqual(['Task success', 'Efficiency', 'Wasted polls', 'Thinking time']);
    expect(await page.locator('#lifecycle thead th').allTextContents()).toEqual(['run', 'delivery', 'lifecycle', 'missed-late-failure', 'used-receipt', 'fetched-nothing', 'expired-result']);
    expect(await page.locator('#lifecycle tbody tr').count()).toBe(2);
    // 4 pushed episodes, and 4 samples × 2 trials polled, each trial listed with its index.
    expect(await page.locator('details.episode').count()).toBe(12);
    expect(await page.locator('details.episode .trial').count()).toBe(8);
    expect(await page.locator('details.episode[data-trial="2"]').count()).toBe(4);
    await page.screenshot({ path: join(OUT, 'protocols.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
