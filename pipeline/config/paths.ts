import { existsSync } from 'node:fs';
import { ConfigError } from '../core/errors.ts';
import type { PipelineConfig } from './schema.ts';
import { optionLocation, originOf } from './origin.ts';

/** Every folder `toolkits` lists must exist: checked when the config loads, since every command loads the toolkits. */
export function checkToolkitPaths(config: PipelineConfig): void {
  config.toolkits.forEach((dir, i) => {
    if (!existsSync(dir)) {
      throw new ConfigError(
        `toolkits lists ${dir}, which does not exist; list toolkit folders (each with a toolkit.yaml) or folders of them, relative to the config's folder.`,
        optionLocation(config, ['toolkits', i]),
      );
    }
  });
}

/**
 * Every file or folder `seeds` lists must exist. Checked by the seed stage, not at load time:
 * other stages, and `stage seed --in`, do not read them. The default (the `seeds` folder beside
 * the config) is named as such, since the file does not mention it.
 */
export function checkSeedPaths(config: PipelineConfig): void {
  const origin = originOf(config);
  const defaulted = origin !== undefined && !origin.sets(['seeds']);
  config.seeds.forEach((path, i) => {
    if (existsSync(path)) return;
    if (defaulted) {
      const beside = origin.file ? 'the seeds folder beside the config' : 'the seeds folder in the working directory (no config file was found)';
      throw new ConfigError(
        `seeds is not set, so it defaults to ${beside}, ${path}, which does not exist; create it or set seeds: [<files or folders>] in the config.`,
        optionLocation(config, ['seeds']),
      );
    }
    throw new ConfigError(`seeds lists ${path}, which does not exist; list seed files (YAML or JSON) or folders of them, relative to the config's folder.`, optionLocation(config, ['seeds', i]));
  });
}
