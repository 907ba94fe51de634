import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { rootPath } from '../core/package-root.ts';

const SCHEMAS_DIR = rootPath('schemas');
const compiled = new Map<string, ValidateFunction>();

/**
 * A validator compiled from the published JSON Schema file (not from zod), so output is checked
 * the way a user in any other language would check it.
 */
export function publishedValidator(name: string): ValidateFunction {
  let v = compiled.get(name);
  if (!v) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS_DIR, `${name}.schema.json`), 'utf8')) as object;
    v = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    compiled.set(name, v);
  }
  return v;
}
