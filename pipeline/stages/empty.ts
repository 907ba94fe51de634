import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import type { PipelineConfig } from '../config/schema.ts';
import { optionLocation } from '../config/origin.ts';
import type { StageStats } from './stage.ts';

/** The option that most directly lets records past each rejection reason, with what to do with it. */
const OPTION_FOR_REASON: Record<string, { path: string[]; advice: string }> = {
  'too-little-asynchrony': { path: ['schedule', 'minAsyncRatio'], advice: 'lower' },
  'exact-duplicate': { path: ['dedup', 'exact'], advice: 'set to false' },
  'near-duplicate': { path: ['dedup', 'near', 'threshold'], advice: 'raise' },
};

/** The option to look at when a stage drops everything for reasons no single option controls. */
const OPTION_FOR_STAGE: Partial<Record<StageStats['stage'], { path: string[]; advice: string }>> = {
  seed: { path: ['seeds'], advice: 'check the seed files listed by' },
  compose: { path: ['compose', 'attempts'], advice: 'raise' },
  validate: { path: ['validate', 'oracle'], advice: 'check the toolkits (asynctool validate) or' },
};

const get = (config: PipelineConfig, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], config);

/**
 * A build must not end with an empty dataset: the first stage that outputs nothing stops it, with
 * its top rejection reasons and the config option to change. Undefined when the stage kept something.
 */
export function emptyStageError(stats: StageStats, config: PipelineConfig): ConfigError | undefined {
  if (stats.out > 0) return undefined;
  const reasons = Object.entries(stats.rejected).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  const top = reasons
    .slice(0, 3)
    .map(([r, n]) => `${r} ${n}`)
    .join(', ');
  const rejected = join(config.workDir, `${stats.stage}.rejected.jsonl`);
  const emptyCompose = stats.stage === 'compose' && reasons.length === 0;
  const what =
    stats.in === 0
      ? stats.stage === 'seed'
        ? 'seed: no seed task was found'
        : `${stats.stage}: got no input`
      : emptyCompose
        ? `compose: compose.patterns and compose.targets leave no sample to compose (${stats.in} tasks in)`
        : `${stats.stage} dropped every record (${stats.in} in, 0 out; top rejection reasons: ${top}; every one is in ${rejected})`;
  const option = emptyCompose
    ? { path: ['compose', 'patterns'], advice: 'give a pattern a weight above 0 (and compose.targets a count above 0) in' }
    : (OPTION_FOR_REASON[reasons[0]?.[0] ?? ''] ?? OPTION_FOR_STAGE[stats.stage] ?? { path: ['seeds'], advice: 'check' });
  const name = option.path.join('.');
  const now = get(config, option.path);
  return new ConfigError(
    `${what}, so the dataset would be empty and the build stops here. To change that, ${option.advice} ${name}${typeof now === 'object' ? '' : ` (now ${String(now)})`}; docs/pipeline.md lists every option.`,
    optionLocation(config, option.path),
  );
}
