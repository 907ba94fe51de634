/** `npm run toolkit-args`: writes toolkits/<name>/args.ts from each built-in toolkit.yaml (tests/toolkits/arg-types.test.ts checks they are in sync). */
import { join } from 'node:path';
import { writeFileAtomic } from '../pipeline/core/atomic.ts';
import { Toolkit } from '../pipeline/schema/toolkit.ts';
import { argTypesSource } from '../pipeline/world/arg-types.ts';
import { BUILTIN_TOOLKITS_DIR, findToolkitDirs, readDefinition } from '../pipeline/world/registry.ts';

for (const dir of findToolkitDirs(BUILTIN_TOOLKITS_DIR)) {
  const def = readDefinition(join(dir, 'toolkit.yaml'), Toolkit);
  writeFileAtomic(join(dir, 'args.ts'), argTypesSource(def));
  process.stdout.write(`wrote toolkits/${def.name}/args.ts\n`);
}
