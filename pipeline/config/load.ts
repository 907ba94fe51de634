import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import { jsonPath } from '../schema/issues.ts';
import { PipelineConfig } from './schema.ts';
import { importSeedDirs } from './imports.ts';
import { rememberOrigin } from './origin.ts';
import { checkToolkitPaths } from './paths.ts';

const DEFAULT_CONFIG_FILE = 'pipeline.config.yaml';

export interface LoadedConfig {
  config: PipelineConfig;
  /** The file read, or undefined when only defaults apply. */
  file?: string;
}

/**
 * Reads and validates a pipeline config. Relative paths inside it are taken from the file's
 * folder, so a config works from any working directory. Every problem is reported with its line.
 */
export function loadConfig(file?: string): LoadedConfig {
  if (file === undefined) {
    if (!existsSync(DEFAULT_CONFIG_FILE)) {
      const config = resolvePaths(PipelineConfig.parse({}), process.cwd());
      rememberOrigin(config, { sets: () => false, lineOf: () => undefined });
      return { config };
    }
    file = DEFAULT_CONFIG_FILE;
  }
  if (!existsSync(file)) throw new ConfigError('config file does not exist.', { file });
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw new ConfigError(`is not valid YAML: ${err.message.split('\n')[0]}`, { file, line: lines.linePos(err.pos[0]).line });
  }
  const locate = (path: readonly PropertyKey[]) => lineOf(doc, lines, path);
  const config = resolvePaths(parseConfig(configValue(doc, file), file, locate), dirname(resolve(file)));
  rememberOrigin(config, { file, sets: (path) => doc.hasIn(path as unknown[]), lineOf: locate });
  // Checked now, so a wrong import or toolkit folder fails before any stage runs, with its line.
  importSeedDirs(config.imports, (i) => ({ file, line: locate(['imports', i]) }));
  checkToolkitPaths(config);
  return { config, file };
}

/** Validates a config value (already parsed); `lineOf` locates a path in the source when known. */
function parseConfig(raw: unknown, file?: string, lineOf?: (path: readonly PropertyKey[]) => number | undefined): PipelineConfig {
  const result = PipelineConfig.safeParse(raw);
  if (result.success) return result.data;
  const [issue, ...others] = result.error.issues as [z.core.$ZodIssue, ...z.core.$ZodIssue[]];
  // Every problem at once, so a config is fixed in one pass rather than one error per run.
  const more = others
    .slice(0, 9)
    .map((o) => `\n  also ${[lineOf?.(o.path) !== undefined ? `line ${lineOf(o.path)}` : undefined, `at ${jsonPath(o.path)}`].filter(Boolean).join(', ')}: ${describeIssue(o)}`)
    .join('');
  throw new ConfigError(`${describeIssue(issue)}. See docs/pipeline.md for every option and its default.${more}`, {
    file,
    line: lineOf?.(issue.path),
    path: jsonPath(issue.path),
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_key' && issue.issues[0]) return `key "${String(issue.path.at(-1))}": ${issue.issues[0].message}`;
  return issue.message;
}

function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  // The deepest node that exists on the path: a missing key is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function resolvePaths(config: PipelineConfig, base: string): PipelineConfig {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const endpoint = config.evolve.llm.endpoint;
  return {
    ...config,
    workDir: abs(config.workDir),
    outDir: abs(config.outDir),
    toolkits: config.toolkits.map(abs),
    seeds: config.seeds.map(abs),
    imports: config.imports.map(abs),
    evolve: {
      ...config.evolve,
      llm: { ...config.evolve.llm, endpoint: endpoint && { ...endpoint, cacheDir: endpoint.cacheDir === null ? null : abs(endpoint.cacheDir) } },
    },
  };
}

/**
 * The plain value of a parsed config. Aliases are expanded here, so an unresolved alias or an
 * alias bomb ("billion laughs") is refused as a config error instead of exhausting memory.
 */
function configValue(doc: Document, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (err) {
    const why = /alias count/i.test((err as Error).message) ? 'uses aliases that expand too far (over 100 expansions: an alias bomb?)' : (err as Error).message;
    throw new ConfigError(`is not usable YAML: ${why}; write the values out instead of using anchors and aliases`, { file });
  }
}
