import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import type { AgentFlags } from '../agents/entry.ts';
import { runEvaluation } from '../evaluate/run.ts';
import type { Progress } from '../evaluate/progress.ts';
import type { Delivery, Mode } from '../schema/trace.ts';
import { ablations, type AblationBy } from './aggregate.ts';
import { writeReport } from './build.ts';
import { alignColumns, formatInterval, formatValue } from './compare.ts';
import { loadRun } from './load.ts';
import { METRICS } from './metrics.ts';
import type { Ablation } from './model.ts';

const ABLATION_MODES: Mode[] = ['instant', 'sync', 'async'];
const DELIVERIES: Delivery[] = ['push', 'poll', 'notify', 'silent'];

export interface AblateOptions {
  dataset: string;
  agent: string;
  agentFlags?: AgentFlags;
  modes?: Mode[];
  /** Default output/ablations/<agent>-<timestamp>/; one run folder per mode inside, resumed when it exists. */
  out?: string;
  /** `delivery`: instead of the latency modes, async mode under each delivery protocol (push is the baseline). */
  by?: AblationBy | 'delivery';
  limit?: number;
  seed?: number;
  concurrency?: number;
  toolkitDirs?: string[];
  /** Write report.html beside the runs (default true). */
  report?: boolean;
  logger?: Logger;
  progress?: (total: number) => Progress;
  startedAt?: Date;
}

export interface AblateResult {
  outDir: string;
  runs: { mode: string; dir: string }[];
  ablations: Ablation[];
  reportFile: string | null;
}

/**
 * One agent on the same samples in each mode (zero latency, blocking calls, pending handles),
 * so the drop from `instant` is what delay alone costs. Each mode is an ordinary run folder.
 */
export async function runAblation(opts: AblateOptions): Promise<AblateResult> {
  const logger = opts.logger ?? silentLogger;
  const modes = opts.modes ?? ABLATION_MODES;
  const stamp = (opts.startedAt ?? new Date()).toISOString().replace(/[:.]/g, '-');
  const outDir = resolve(opts.out ?? join('output/ablations', `${opts.agent.replace(/[^A-Za-z0-9._-]+/g, '-')}-${stamp}`));
  const runs: AblateResult['runs'] = [];
  const plays =
    opts.by === 'delivery' ? DELIVERIES.map((delivery) => ({ mode: 'async' as Mode, delivery, name: delivery })) : modes.map((mode) => ({ mode, delivery: 'push' as Delivery, name: mode }));
  for (const { mode, delivery, name } of plays) {
    logger.info(`${opts.agent} in ${mode} mode, ${delivery} delivery`);
    const result = await runEvaluation({
      dataset: opts.dataset,
      agent: opts.agent,
      agentFlags: opts.agentFlags,
      mode,
      delivery,
      out: join(outDir, name),
      limit: opts.limit,
      seed: opts.seed,
      concurrency: opts.concurrency,
      toolkitDirs: opts.toolkitDirs,
      logger,
      progress: opts.progress,
    });
    runs.push({ mode: delivery === 'push' ? mode : `${mode}-${delivery}`, dir: result.outDir });
  }
  const loaded = await Promise.all(runs.map((r) => loadRun(r.dir, logger)));
  const groupBy = opts.by === 'delivery' ? undefined : opts.by;
  const table = ablations(loaded, groupBy);
  writeFileAtomic(
    join(outDir, 'ablation.json'),
    JSON.stringify({ agent: opts.agent, modes: runs.map((r) => r.mode), by: opts.by ?? null, metrics: METRICS.map((m) => m.key), ablations: table }, null, 2) + '\n',
  );
  let reportFile: string | null = null;
  if (opts.report ?? true) {
    reportFile = join(outDir, 'report.html');
    await writeReport({
      runDirs: runs.map((r) => r.dir),
      out: reportFile,
      dataset: opts.dataset,
      toolkitDirs: opts.toolkitDirs,
      ablationBy: groupBy,
      title: `${opts.by === 'delivery' ? 'Delivery protocol' : 'Latency'} ablation: ${opts.agent}`,
      logger,
    });
  }
  return { outDir, runs, ablations: table, reportFile };
}

/** The degradation table on the terminal: each mode's value, and its change from the baseline mode. */
export function formatAblation(table: readonly Ablation[], modes: readonly string[]): string {
  const blocks = table.map((ab) => {
    const own = ab.runs.map((_, i) => modes[i] ?? '?');
    const header = ['metric', ...own, ...ab.against.map((m) => `Δ ${m} vs ${ab.baseline}`)];
    const body = ab.rows.map((row) => {
      const m = METRICS[row.metric]!;
      return [m.label, ...row.values.map((v) => formatInterval(v, m.format)), ...row.deltas.map((d) => (d === null ? '–' : `${d > 0 ? '+' : d < 0 ? '-' : ''}${formatValue(Math.abs(d), m.format)}`))];
    });
    const n = ab.rows[0]?.values[0]?.[3] ?? 0;
    return [`${ab.agent}${ab.group ? ` · ${ab.group}` : ''} (${n} shared samples)`, ...alignColumns([header, ...body])].join('\n');
  });
  return blocks.join('\n\n');
}
