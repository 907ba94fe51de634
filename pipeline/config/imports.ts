import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Location } from '../core/errors.ts';
import { SEEDS_SUBDIR } from '../import/run.ts';

const isDir = (p: string) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

/**
 * The seed folder of each import folder (`imports:` in the config), in the order given. A folder
 * that is missing, or that `asynctool import --out` did not write (no seeds/ in it), is a
 * ConfigError naming the option and the path; `locate` adds the config file and line when known.
 */
export function importSeedDirs(imports: readonly string[], locate: (index: number) => Location = () => ({})): string[] {
  return imports.map((dir, i) => {
    const where = { ...locate(i), path: `$.imports[${i}]` };
    if (!isDir(dir)) throw new ConfigError(`imports lists ${dir}, which does not exist; list folders written by \`asynctool import --out\`.`, where);
    const seeds = join(dir, SEEDS_SUBDIR);
    if (!isDir(seeds)) throw new ConfigError(`imports lists ${dir}, which has no ${SEEDS_SUBDIR}/ folder: it was not written by \`asynctool import --out\` (rerun the import into it).`, where);
    return seeds;
  });
}
