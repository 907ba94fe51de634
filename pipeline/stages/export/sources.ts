import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { hashValue } from '../../core/canonical.ts';
import { UserInputError } from '../../core/errors.ts';
import { formatZodIssues } from '../../schema/issues.ts';
import type { Sample } from '../../schema/sample.ts';
import { fileSha256 } from '../fingerprint.ts';
import { importOrigins, lineageRoot } from '../imported.ts';
import { compareIds } from '../runner.ts';

const FILE = fileURLToPath(new URL('./sources.yaml', import.meta.url));

const DataSource = z
  .object({
    name: z.string().min(1),
    url: z.string().url(),
    repository: z.string().min(1),
    license: z.string().min(1),
    credit: z.string().min(1),
    cite: z.string().min(1),
  })
  .strict();
export type DataSource = z.infer<typeof DataSource>;

let cached: Record<string, DataSource> | undefined;

/** The public data sets `asynctool import` reads, by importer (a data file: credits are not code). */
export function loadSources(): Record<string, DataSource> {
  if (cached) return cached;
  const parsed = z.record(z.string(), DataSource).safeParse(parseYaml(readFileSync(FILE, 'utf8')));
  if (!parsed.success) throw new Error(`${FILE}: ${formatZodIssues(parsed.error.issues)}`);
  cached = parsed.data;
  return cached;
}

/** One folder of `imports:` as the manifest lists it. */
export interface ImportFolder {
  /** Relative to the working directory, like the seed files. */
  path: string;
  /** From its import-report.json, when the folder has one. */
  importer?: string;
  credit?: string;
  /** Over every file in the folder (name and sha256). */
  sha256: string;
}

export function readImportFolders(imports: readonly string[]): ImportFolder[] {
  return imports.map((dir) => {
    const files = fg.sync('**/*', { cwd: dir, onlyFiles: true }).sort(compareIds);
    const report = readReport(join(dir, 'import-report.json'));
    return {
      path: relative(process.cwd(), dir),
      ...report,
      sha256: hashValue(files.map((f) => [f, fileSha256(join(dir, f))])),
    };
  });
}

function readReport(file: string): { importer?: string; credit?: string } {
  if (!existsSync(file)) return {};
  let report: { importer?: unknown; credit?: unknown };
  try {
    report = JSON.parse(readFileSync(file, 'utf8')) as typeof report;
  } catch (err) {
    throw new UserInputError(`is not valid JSON (${(err as Error).message}); rerun \`asynctool import\` into this folder.`, { file });
  }
  return {
    ...(typeof report.importer === 'string' ? { importer: report.importer } : {}),
    ...(typeof report.credit === 'string' ? { credit: report.credit } : {}),
  };
}

/** How much of the dataset one imported source feeds, and the credit it is owed. */
export interface SourceUse {
  origin: string;
  name: string;
  url?: string;
  repository: string;
  license: string;
  /** Credit lines: the import reports' own, else the catalogue's. */
  credits: string[];
  /** Distinct imported seed tasks the dataset's tasks descend from. */
  seeds: number;
  tasks: number;
  samples: number;
}

/**
 * Every source with imported tasks in the dataset (a task whose provenance has `import:<origin>`),
 * with its counts; empty when no exported task was imported.
 */
export function sourceUse(samples: readonly Sample[], folders: readonly ImportFolder[], catalogue: Record<string, DataSource>): SourceUse[] {
  const use = new Map<string, { seeds: Set<string>; tasks: number; samples: number }>();
  for (const sample of samples) {
    const inSample = new Set<string>();
    for (const task of sample.tasks) {
      for (const origin of importOrigins(task.provenance)) {
        const u = use.get(origin) ?? { seeds: new Set<string>(), tasks: 0, samples: 0 };
        u.seeds.add(lineageRoot(task));
        u.tasks++;
        use.set(origin, u);
        inSample.add(origin);
      }
    }
    for (const origin of inSample) use.get(origin)!.samples++;
  }
  return [...use.keys()].sort(compareIds).map((origin) => {
    const u = use.get(origin)!;
    const known = catalogue[origin];
    const reported = [...new Set(folders.filter((f) => f.importer === origin && f.credit).map((f) => f.credit!))].sort(compareIds);
    return {
      origin,
      name: known?.name ?? origin,
      ...(known ? { url: known.url } : {}),
      repository: known?.repository ?? '',
      license: known?.license ?? '',
      credits: reported.length > 0 ? reported : known ? [known.credit] : [],
      seeds: u.seeds.size,
      tasks: u.tasks,
      samples: u.samples,
    };
  });
}
