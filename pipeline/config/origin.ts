import type { Location } from '../core/errors.ts';
import { jsonPath } from '../schema/issues.ts';
import type { PipelineConfig } from './schema.ts';

/** Where a loaded config came from, so that a check made later (by a stage) can point at the file and line. */
export interface ConfigOrigin {
  /** The config file, or undefined when only the built-in defaults apply. */
  file?: string;
  /** True when the file sets the option; otherwise its default applies. */
  sets(path: readonly PropertyKey[]): boolean;
  /** The option's line in the file, when the file sets it. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

// Kept beside the config rather than in it, so config hashes and slices stay what they were.
const origins = new WeakMap<PipelineConfig, ConfigOrigin>();

export function rememberOrigin(config: PipelineConfig, origin: ConfigOrigin): void {
  origins.set(config, origin);
}

export function originOf(config: PipelineConfig): ConfigOrigin | undefined {
  return origins.get(config);
}

/** The config file, line (when the file sets the option) and JSON path of an option, for a ConfigError. */
export function optionLocation(config: PipelineConfig, path: readonly PropertyKey[]): Location {
  const origin = origins.get(config);
  const line = origin?.sets(path) ? origin.lineOf(path) : undefined;
  return { ...(origin?.file ? { file: origin.file } : {}), ...(line !== undefined ? { line } : {}), path: jsonPath(path) };
}
