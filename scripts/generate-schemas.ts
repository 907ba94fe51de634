/** `npm run schemas`: writes schemas/*.schema.json from the zod source (tests/schemas.test.ts checks they are in sync). */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../pipeline/core/atomic.ts';
import { publishedSchemas, renderSchemaFile } from '../pipeline/schema/index.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
for (const [name, schema] of Object.entries(publishedSchemas)) {
  writeFileAtomic(join(dir, `${name}.schema.json`), renderSchemaFile(name, schema));
  process.stdout.write(`wrote schemas/${name}.schema.json\n`);
}
