/**
 * `npm run schemas`: writes schemas/*.schema.json from the zod source (tests/schemas.test.ts checks they are in sync),
 * and docs/summary-keys.md's metrics table from pipeline/score/metric-table.ts (tests/score/metric-table.test.ts checks it).
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../pipeline/core/atomic.ts';
import { readFileSync } from 'node:fs';
import { publishedSchemas, renderSchemaFile } from '../pipeline/schema/index.ts';
import { renderMetricDocs, replaceMetricDocs } from '../pipeline/score/metric-docs.ts';
import { METRIC_TABLE } from '../pipeline/score/metric-table.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
for (const [name, schema] of Object.entries(publishedSchemas)) {
  writeFileAtomic(join(dir, `${name}.schema.json`), renderSchemaFile(name, schema));
  process.stdout.write(`wrote schemas/${name}.schema.json\n`);
}

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'summary-keys.md');
const updated = replaceMetricDocs(readFileSync(docs, 'utf8'), renderMetricDocs(METRIC_TABLE));
if (updated === undefined) throw new Error(`${docs}: the metrics table markers are missing`);
writeFileAtomic(docs, updated);
process.stdout.write('wrote the metrics table of docs/summary-keys.md\n');
