import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { publishedSchemas, renderSchemaFile } from '../pipeline/schema/index.ts';
import { publishedValidator } from '../pipeline/schema/ajv.ts';

describe('published JSON Schemas', () => {
  for (const [name, schema] of Object.entries(publishedSchemas)) {
    it(`schemas/${name}.schema.json matches the zod source (run npm run schemas if this fails)`, () => {
      const file = `schemas/${name}.schema.json`;
      expect(existsSync(file), `${file} is missing`).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe(renderSchemaFile(name, schema));
    });
  }

  it('the published task schema accepts a seed task and rejects an unknown field', () => {
    const validate = publishedValidator('task');
    const task = { id: 't1', toolkit: 'math', query: 'Add 2 and 3.', calls: [{ id: 'c1', tool: 'add', args: { a: 2, b: 3 } }], answer: { $ref: 'c1.result' } };
    expect(validate(task)).toBe(true);
    expect(validate({ ...task, colour: 'red' })).toBe(false);
  });
});
