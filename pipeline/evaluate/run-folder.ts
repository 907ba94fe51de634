import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.ts';
import { UserInputError } from '../core/errors.ts';

// A run folder (output/runs/<agent>-<mode>-<time>/): where it is, and the run.json that ties it to one
// agent, mode, dataset and model setting so that a resume never mixes two runs.

const RUNS_DIR = 'output/runs';

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-');
}

/**
 * The run folder: --out as given; with --resume, the newest folder of this agent, mode and dataset;
 * otherwise a new one named by agent, mode and start time.
 */
export function chooseOutDir(opts: { out?: string; resume?: boolean; startedAt?: Date }, agentId: string, mode: string, datasetHash: string): string {
  if (opts.out) return resolve(opts.out);
  const prefix = `${slug(agentId)}-${mode}-`;
  if (opts.resume && existsSync(RUNS_DIR)) {
    const latest = readdirSync(RUNS_DIR)
      .filter((d) => d.startsWith(prefix) && existsSync(join(RUNS_DIR, d, 'run.json')))
      // A damaged run.json in another folder only means that folder is not the one to resume.
      .filter((d) => (readRunJson(join(RUNS_DIR, d, 'run.json')) as { datasetHash?: unknown } | undefined)?.datasetHash === datasetHash)
      .sort((a, b) => statSync(join(RUNS_DIR, b)).mtimeMs - statSync(join(RUNS_DIR, a)).mtimeMs)[0];
    if (latest) return resolve(RUNS_DIR, latest);
  }
  const stamp = (opts.startedAt ?? new Date()).toISOString().replace(/[:.]/g, '-');
  return resolve(RUNS_DIR, `${prefix}${stamp}`);
}

/** Recorded in run.json but free to differ on resume: paths can move, and a new scorer is rescore's business. */
const UNCHECKED_KEYS = new Set(['dataset', 'toolkitDirs', 'toolkitHashes', 'scorerHash']);

/** A folder belongs to one agent, mode, dataset and model setting; resuming it with other settings would mix runs. */
export function checkRunConfig(outDir: string, config: Record<string, unknown>): void {
  const file = join(outDir, 'run.json');
  if (existsSync(file)) {
    const saved = readRunJson(file);
    if (saved === undefined) {
      throw new UserInputError('run.json is not a JSON object (the file is damaged); delete this run folder or give another --out to start a new run', { file });
    }
    const keys = [...new Set([...Object.keys(config), ...Object.keys(saved)])].filter((k) => !UNCHECKED_KEYS.has(k));
    const shown = (v: unknown) => (v === undefined ? 'not recorded' : JSON.stringify(v));
    const diff = keys.filter((k) => JSON.stringify(saved[k] ?? null) !== JSON.stringify(config[k] ?? null));
    if (diff.length > 0) {
      throw new UserInputError(
        `this run folder was started with other settings (${diff.map((k) => `${k}: ${shown(saved[k])} now ${shown(config[k])}`).join('; ')}); use another --out to start a new run.`,
        { file },
      );
    }
    return;
  }
  mkdirSync(outDir, { recursive: true });
  writeFileAtomic(file, JSON.stringify(config, null, 2) + '\n');
}

/** A run folder's settings, or undefined when the file is unreadable, not JSON, or not an object. */
export function readRunJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
