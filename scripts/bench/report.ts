/**
 * Report size and open time: 1,000 episodes of real runs (four reference agents on 250 samples,
 * the fixture dataset replicated), one HTML report, opened in headless Chromium.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../pipeline/core/log.ts';
import { runEvaluation } from '../../pipeline/evaluate/run.ts';
import { writeReport } from '../../pipeline/report/build.ts';
import { browserUnavailable, launch, openReport } from '../../tests/report/browser.ts';

const SAMPLES = Number(process.env.BENCH_REPORT_SAMPLES ?? 250);
const AGENTS = ['oracle', 'sequential', 'faulty:premature', 'faulty:wrong-argument'];
const OPENS = 3;
const quiet = () => ({ tick: () => {}, done: () => {} });

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'asynctool-bench-report-'));
  const fixture = readFileSync('tests/fixtures/datasets/small.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string });
  const dataset = join(dir, 'dataset.jsonl');
  writeFileSync(dataset, Array.from({ length: SAMPLES }, (_, i) => JSON.stringify({ ...fixture[i % fixture.length]!, id: `${fixture[i % fixture.length]!.id}#${i}` })).join('\n') + '\n');

  const runDirs: string[] = [];
  for (const agent of AGENTS) {
    const result = await runEvaluation({ dataset, agent, out: join(dir, agent.replace(':', '-')), logger: silentLogger, progress: quiet });
    runDirs.push(result.outDir);
  }
  const file = join(dir, 'report.html');
  const start = performance.now();
  const report = await writeReport({ runDirs, out: file, logger: silentLogger });
  const buildMs = performance.now() - start;
  process.stdout.write(`report of ${report.episodes} episodes (${report.runs} runs): ${(report.bytes / 1e6).toFixed(2)} MB, built in ${(buildMs / 1000).toFixed(2)} s\n`);

  const unavailable = browserUnavailable();
  if (unavailable) {
    process.stdout.write(`open time: not measured (${unavailable})\n`);
  } else {
    const browser = await launch();
    const times: number[] = [];
    let episodeMs = 0;
    for (let i = 0; i < OPENS; i++) {
      const { page, openMs, problems } = await openReport(browser, file);
      if (problems.length > 0) process.stdout.write(`page problems: ${problems.join('; ')}\n`);
      times.push(openMs);
      if (i === 0) {
        const t0 = performance.now();
        await page.locator('details.episode summary').first().click();
        await page.waitForSelector('svg.timeline');
        episodeMs = performance.now() - t0;
      }
      await page.close();
    }
    await browser.close();
    times.sort((a, b) => a - b);
    process.stdout.write(
      `open time in headless Chromium (navigation to rendered page): median ${times[Math.floor(OPENS / 2)]!.toFixed(0)} ms, max ${times[OPENS - 1]!.toFixed(0)} ms over ${OPENS} opens\n`,
    );
    process.stdout.write(`opening one episode (timeline + conversation): ${episodeMs.toFixed(0)} ms\n`);
  }
  rmSync(dir, { recursive: true, force: true });
}
