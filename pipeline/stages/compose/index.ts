import { rngFor } from '../../core/rng.ts';
import { COMPOSE_PATTERNS, type ComposePattern, type PipelineConfig } from '../../config/schema.ts';
import type { Task } from '../../schema/task.ts';
import type { Sample } from '../../schema/sample.ts';
import type { Rejection, WholeSetStage } from '../stage.ts';
import { parseTask } from '../record-input.ts';
import { loadTemplates } from '../evolve/templates.ts';
import { buildBundle } from './bundle.ts';
import { MIN_TASKS, planBundle } from './plan.ts';
import { TaskPool } from './pool.ts';
import { BalancedSampler } from './sampler.ts';
import { previewSchedule } from './preview.ts';
import { bridgesOf } from './bridges.ts';
import { BundleMemo } from './memo.ts';

interface Slot {
  id: string;
  k: number;
  pattern: ComposePattern;
}

/** Samples per pattern for one k, split by weight (largest remainder, so the counts add up exactly). */
export function allocate(total: number, weights: Partial<Record<ComposePattern, number>>): [ComposePattern, number][] {
  const entries = COMPOSE_PATTERNS.map((p) => [p, weights[p] ?? 0] as const).filter(([, w]) => w > 0);
  const sum = entries.reduce((s, [, w]) => s + w, 0);
  if (sum === 0) return [];
  const shares = entries.map(([p, w]) => ({ p, exact: (total * w) / sum }));
  const counts = shares.map((s) => ({ p: s.p, n: Math.floor(s.exact), rest: s.exact - Math.floor(s.exact) }));
  let left = total - counts.reduce((s, c) => s + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (left-- <= 0) break;
    c.n++;
  }
  return counts.map((c) => [c.p, c.n]);
}

/** Distinct toolkits a pattern needs for k tasks. */
function toolkitsNeeded(pattern: ComposePattern, k: number): number {
  return pattern === 'similar' ? 1 : pattern === 'mixed' ? k - 1 : k;
}

/**
 * Every sample slot, patterns interleaved within each k so balancing does not favour the first
 * pattern. A pattern the corpus cannot serve for k (too few toolkits) gets no share.
 */
function slots(config: PipelineConfig, toolkitCount: number): Slot[] {
  const out: Slot[] = [];
  for (const k of Object.keys(config.compose.targets).map(Number).sort()) {
    const feasible = COMPOSE_PATTERNS.filter((p) => k >= MIN_TASKS[p] && toolkitsNeeded(p, k) <= toolkitCount);
    const weights = Object.fromEntries(feasible.map((p) => [p, config.compose.patterns[p]]));
    const counts = allocate(config.compose.targets[String(k)]!, weights);
    const max = Math.max(0, ...counts.map(([, n]) => n));
    for (let i = 1; i <= max; i++) {
      for (const [pattern, n] of counts) if (i <= n) out.push({ id: `k${k}-${pattern}-${String(i).padStart(4, '0')}`, k, pattern });
    }
  }
  return out;
}

/**
 * Stage 3: composes multi-task samples (2 to 5 tasks) over the patterns, balanced over toolkits,
 * toolkit pairs and tasks by a seeded sampler. A bundle that cannot be linked, merged or replayed,
 * or that leaves too little room for asynchrony, is rejected with its reason and the slot tries
 * another draw.
 */
export const composeStage: WholeSetStage<Task, Sample> = {
  kind: 'whole-set',
  name: 'compose',
  inputKind: "tasks (the evolve stage's output, or the seed stage's)",
  configSlice: (config) => ({ seed: config.seed, compose: config.compose, schedule: config.schedule, maxCalls: config.evolve.rule.maxCalls }),
  parseInput: parseTask,
  idOf: (sample) => sample.id,
  async run(tasks, ctx) {
    const { config, registry } = ctx;
    const pool = new TaskPool(tasks, registry);
    const sampler = new BalancedSampler(pool);
    const bridges = bridgesOf(registry);
    const memo = new BundleMemo();
    const env = { registry, config, templates: loadTemplates(), toolkits: pool.toolkits, memo };
    const out: Sample[] = [];
    const rejected: Rejection[] = [];
    const unfilled: string[] = [];
    for (const slot of slots(config, pool.toolkits.length)) {
      let filled = false;
      for (let attempt = 1; attempt <= config.compose.attempts && !filled; attempt++) {
        const rng = rngFor(config.seed, 'compose', slot.id, attempt);
        const plan = planBundle(slot.pattern, slot.k, { rng, sampler, pool, registry, bridges, slack: Math.floor((attempt - 1) / 4), memo });
        const tryId = `${slot.id}#${attempt}`;
        if ('reason' in plan) {
          rejected.push({ id: tryId, ...plan });
          continue;
        }
        if (sampler.seen(plan.entries)) {
          rejected.push({ id: tryId, reason: 'repeat', detail: 'a sample with tasks of the same seeds exists already' });
          continue;
        }
        // A bundle drawn again is rejected for the reason found the first time, without replaying it.
        const key = memo.key(plan.entries);
        const known = memo.buildRejection(key) ?? memo.previewRejection(slot.id, key);
        if (known) {
          rejected.push({ id: tryId, ...known });
          continue;
        }
        const result = buildBundle({ id: slot.id, pattern: slot.pattern, ...plan }, rng, env);
        if (!result.ok) {
          memo.rejectBuild(key, { reason: result.reason, detail: result.detail });
          rejected.push({ id: tryId, reason: result.reason, detail: result.detail });
          continue;
        }
        // The schedule or validate stage would drop this bundle: draw another now.
        const preview = await previewSchedule(result.sample, registry, config);
        if (!preview.ok) {
          memo.rejectPreview(slot.id, key, { reason: preview.reason, detail: preview.detail });
          rejected.push({ id: tryId, reason: preview.reason, detail: preview.detail });
          continue;
        }
        sampler.commit(
          plan.entries,
          plan.links.map(([from]) => from),
          plan.followUps,
        );
        out.push(result.sample);
        filled = true;
      }
      if (!filled) unfilled.push(slot.id);
    }
    if (unfilled.length > 0) ctx.logger.warn(`compose: ${unfilled.length} sample slots stayed empty after ${config.compose.attempts} attempts each`);
    return { out, rejected, extra: { pool: pool.size, toolkits: pool.toolkits.length, unfilled, pairs: sampler.pairCounts() } };
  },
};
