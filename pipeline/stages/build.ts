import type { Logger } from '../core/log.ts';
import type { PipelineConfig } from '../config/schema.ts';
import type { Registry } from '../world/registry.ts';
import { runStage } from './runner.ts';
import { STAGES, stageLayout } from './index.ts';
import { STAGE_NAMES, type StageStats } from './stage.ts';
import { emptyStageError } from './empty.ts';
import { removeStaleTmpFiles } from '../core/atomic.ts';
import { pidAlive } from '../core/lock.ts';

export interface BuildOptions {
  registry: Registry;
  logger: Logger;
  /** Rerun every stage even when its inputs and config are unchanged. */
  force?: boolean;
}

/**
 * Runs every stage in order; each one is skipped when unchanged and resumes after an interruption,
 * so a rerun after a kill finishes the work and yields the same dataset. A stage that outputs
 * nothing stops the build with a ConfigError, so no empty dataset is ever exported.
 */
export async function buildDataset(config: PipelineConfig, options: BuildOptions): Promise<StageStats[]> {
  const layout = stageLayout(config);
  // A build killed during an atomic write leaves its temp file behind; the next build sweeps them.
  for (const dir of [config.workDir, config.outDir]) removeStaleTmpFiles(dir, pidAlive);
  const stats: StageStats[] = [];
  for (const name of STAGE_NAMES) {
    const { inputs, output } = layout[name];
    const stageStats = await runStage(STAGES[name], { inputs, output, stateDir: config.workDir, force: options.force }, { config, registry: options.registry, logger: options.logger });
    const empty = emptyStageError(stageStats, config);
    if (empty) throw empty;
    stats.push(stageStats);
  }
  return stats;
}

/** A plain table of stage stats for the terminal. */
export function formatStats(stats: readonly StageStats[]): string {
  const rows = stats.map((s) => [
    s.stage,
    String(s.in),
    String(s.out),
    String(Object.values(s.rejected).reduce((a, b) => a + b, 0)),
    s.skipped ? 'skipped' : `${(s.timeMs / 1000).toFixed(2)} s`,
    Object.entries(s.rejected)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 3)
      .map(([r, n]) => `${r} ${n}`)
      .join(', '),
  ]);
  const header = ['stage', 'in', 'out', 'rejected', 'time', 'top rejection reasons'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
