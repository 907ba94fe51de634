import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hashValue } from '../../core/canonical.ts';
import type { PipelineConfig } from '../../config/schema.ts';
import type { Sample } from '../../schema/sample.ts';
import { publishedSchemas, renderSchemaFile } from '../../schema/index.ts';
import { findSeedFiles } from '../../world/seeds.ts';
import { fileSha256, toolkitHashes } from '../fingerprint.ts';
import { parseSample } from '../record-input.ts';
import { stagePaths } from '../runner.ts';
import { STAGE_NAMES, type StageContext, type StageStats, type WholeSetStage } from '../stage.ts';
import { renderCard } from './card.ts';
import { methodSection } from './card-method.ts';
import { datasetStats } from './stats.ts';
import { loadSources, readImportFolders, sourceUse, type ImportFolder } from './sources.ts';
import { PACKAGE_ROOT } from '../../core/package-root.ts';

const REPO_ROOT = PACKAGE_ROOT;
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

/** The config without machine-specific paths: what the manifest's config hash covers. */
function configForHash(config: PipelineConfig): unknown {
  const { workDir: _w, outDir: _o, seeds: _s, toolkits: _t, imports: _i, ...rest } = config;
  const endpoint = rest.evolve.llm.endpoint;
  return { ...rest, evolve: { ...rest.evolve, llm: { ...rest.evolve.llm, endpoint: endpoint && { ...endpoint, cacheDir: undefined } } } };
}

/** Seed files by path relative to the working directory, with their sha256. */
function seedHashes(config: PipelineConfig): Record<string, string> {
  return Object.fromEntries(findSeedFiles(config.seeds).map((f) => [relative(process.cwd(), f), fileSha256(f)]));
}

/** The JSON Schema files shipped with the dataset: the repository's schemas/, generated when absent. */
function schemaFiles(): Record<string, string> {
  const dir = join(REPO_ROOT, 'schemas');
  const names = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.schema.json'))
        .sort()
    : [];
  if (names.length > 0) return Object.fromEntries(names.map((f) => [`schemas/${f}`, readFileSync(join(dir, f), 'utf8')]));
  return Object.fromEntries(Object.entries(publishedSchemas).map(([name, schema]) => [`schemas/${name}.schema.json`, renderSchemaFile(name, schema)]));
}

/** Counts of the earlier stages, from their reports in the state folder (times left out: the manifest is reproducible). */
function stageCounts(ctx: StageContext): Record<string, Pick<StageStats, 'in' | 'out' | 'rejected'>> {
  const out: Record<string, Pick<StageStats, 'in' | 'out' | 'rejected'>> = {};
  for (const name of STAGE_NAMES) {
    const file = stagePaths(ctx.stateDir, name).report;
    if (name === 'export' || !existsSync(file)) continue;
    const stats = JSON.parse(readFileSync(file, 'utf8')) as StageStats;
    out[name] = { in: stats.in, out: stats.out, rejected: stats.rejected };
  }
  return out;
}

/** Import folders by path: the importer that wrote each and the hash of its content. */
function importHashes(folders: readonly ImportFolder[]): Record<string, { importer?: string; sha256: string }> {
  return Object.fromEntries(folders.map((f) => [f.path, { ...(f.importer ? { importer: f.importer } : {}), sha256: f.sha256 }]));
}

/**
 * Stage 7: the dataset JSONL (the stage output itself), the JSON Schemas, `manifest.json`
 * (counts per stage and rejection reason, config and input hashes, version, seed) and
 * `DATASET_CARD.md`, all beside it in the output folder.
 */
export const exportStage: WholeSetStage<Sample, Sample> = {
  kind: 'whole-set',
  name: 'export',
  inputKind: "samples (the dedup stage's output)",
  configSlice: (config) => ({ config: configForHash(config), seeds: seedHashes(config), imports: importHashes(readImportFolders(config.imports)) }),
  parseInput: parseSample,
  idOf: (sample) => sample.id,
  run(samples, ctx) {
    const { config, registry } = ctx;
    const stats = datasetStats(samples);
    const used = Object.keys(stats.tasksByToolkit);
    const toolkitHash = toolkitHashes(registry);
    const folders = readImportFolders(config.imports);
    const catalogue = loadSources();
    const manifest = {
      name: config.export.name,
      version: pkg.version,
      seed: config.seed,
      configHash: hashValue(configForHash(config)),
      inputs: {
        seeds: seedHashes(config),
        imports: importHashes(folders),
        toolkits: Object.fromEntries(used.map((t) => [t, { version: registry.toolkit(t)?.def.version ?? '', sha256: toolkitHash[t] ?? '' }])),
      },
      stages: { ...stageCounts(ctx), export: { in: samples.length, out: samples.length, rejected: {} } },
      dataset: { file: config.export.file, ...stats },
    };
    const card = renderCard(stats, {
      name: config.export.name,
      version: pkg.version,
      seed: config.seed,
      turnCost: config.schedule.turnCost,
      toolkits: Object.fromEntries(
        used.map((t) => {
          const def = registry.toolkit(t)?.def;
          return [t, { title: def?.title ?? t, category: def?.category ?? '', ...(def?.source ? { source: def.source } : {}) }];
        }),
      ),
      sources: sourceUse(samples, folders, catalogue),
      catalogue,
      method: methodSection(samples, config),
    });
    return {
      out: samples,
      rejected: [],
      files: { ...schemaFiles(), 'manifest.json': JSON.stringify(manifest, null, 2) + '\n', 'DATASET_CARD.md': card },
    };
  },
};
