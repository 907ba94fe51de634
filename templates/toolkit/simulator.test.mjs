// Run with: node --test <this folder>
// Unit tests of the simulator alone; `npx asynctool validate <this folder>` checks the whole plugin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { simulator } from './simulator.mjs';

class ToolError extends Error {}
const ctx = {
  id: (prefix, ...parts) => `${prefix}_${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 12)}`,
  fail: (message) => {
    throw new ToolError(message);
  },
};
const fresh = () => ({ counter: 0, items: {} });

test('an item can be created and read back by its id', () => {
  const state = fresh();
  const { item_id } = simulator.functions.{{name}}_create_item(state, { title: 'release notes' }, ctx);
  assert.match(item_id, /^item_[0-9a-f]{12}$/);
  assert.deepEqual(simulator.functions.{{name}}_get_item(state, { item_id }, ctx), { item_id, title: 'release notes' });
});

test('reading an unknown id is a tool error', () => {
  assert.throws(() => simulator.functions.{{name}}_get_item(fresh(), { item_id: 'nope' }, ctx), ToolError);
});
