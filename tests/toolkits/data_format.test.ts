import { describe, expect, it } from 'vitest';
import type { State } from '../../pipeline/world/simulator.ts';
import { expectOpaqueId, loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure } = await loadToolkitHarness('data_format');
const INVENTORY = 'fdoc_3517f38f58a5';
const CONFIG = 'fdoc_8d7e604d6002';
const ORDER = 'fdoc_f89dd8ba0125';
const TEAM = 'fdoc_ef387754dc49';

/** Converts a stored document and parses the result back through a JSON conversion of it. */
function roundTrip(id: string, via: string, state: State = initial): unknown {
  const there = ok('fmt_convert_document', { document_id: id, to: via }, state);
  const back = ok('fmt_convert_document', { document_id: there.result.document_id, to: 'json', name: 'back' }, there.state);
  return JSON.parse(back.result.content);
}

describe('data_format toolkit', () => {
  it('imports a document that parses, and refuses one that does not or whose name is taken', () => {
    const csv = 'name,note\n"Lee, Ann","said ""hi""\non two lines"\nBo,7';
    const imported = ok('fmt_import_document', { name: 'people', content: csv, format: 'csv' });
    expect(imported.result).toMatchObject({ name: 'people', format: 'csv', records: 2 });
    const json = JSON.parse(ok('fmt_convert_document', { document_id: imported.result.document_id, to: 'json' }, imported.state).result.content);
    expect(json).toEqual([
      { name: 'Lee, Ann', note: 'said "hi"\non two lines' },
      { name: 'Bo', note: 7 },
    ]);
    expect(fails('fmt_import_document', { name: 'bad', content: 'a,b\n1,2,3', format: 'csv' })).toMatch(/row has 3 fields but the header has 2 \(line 2\)/);
    expect(fails('fmt_import_document', { name: 'team', content: '{}', format: 'json' })).toMatch(/already exists/);
  });

  it('finds documents by name and returns their text', () => {
    expect(ok('fmt_find_document', { name: 'SERVICE_CONFIG' }).result).toMatchObject({ document_id: CONFIG, format: 'yaml' });
    expect(fails('fmt_find_document', { name: 'payroll' })).toMatch(/Documents: inventory, service_config/);
    expect(ok('fmt_get_document', { document_id: TEAM }).result.content).toContain('"team": "platform"');
    expect(fails('fmt_get_document', { document_id: 'fdoc_000000000000' })).toMatch(/No document/);
  });

  it('validates each format and points at the failing line', () => {
    const check = (content: string, format: string) => ok('fmt_validate', { content, format }).result;
    expect(check('[1, 2]', 'json')).toEqual({ valid: true, error: null, line: null, top_level: 'list', records: 2 });
    expect(check('{\n  "a": 1,\n  "b": \n}', 'json')).toMatchObject({ valid: false, line: 4, error: 'invalid JSON: unexpected "}" at character 21 (line 4)' });
    expect(check('[1, 2', 'json')).toMatchObject({ valid: false, error: expect.stringMatching(/ends before the value is complete/) });
    expect(check('a: 1\nb: [1, 2\nc: 3', 'yaml')).toMatchObject({ valid: false, line: 3 });
    expect(check('<a>\n<b>1</b>\n</c>', 'xml')).toMatchObject({ valid: false, line: 3, error: expect.stringMatching(/<\/c> closes <a>/) });
    expect(check('<a><b>x</b>text</a>', 'xml')).toMatchObject({ valid: false, error: expect.stringMatching(/mixes text/) });
    expect(check('x,y\n"open', 'csv')).toMatchObject({ valid: false, line: 2 });
    expect(check('<?xml version="1.0"?><!-- c --><a k="1"/>', 'xml')).toMatchObject({ valid: true, top_level: 'object' });
  });

  it('converts between formats without losing data', () => {
    const inventory = JSON.parse(ok('fmt_convert_document', { document_id: INVENTORY, to: 'json' }).result.content);
    expect(inventory[2]).toEqual({ sku: 'B-300', item: 'washer, steel', qty: 120, price: 0.08 });
    expect(roundTrip(INVENTORY, 'yaml')).toEqual(inventory);
    const order = roundTrip(ORDER, 'yaml') as any;
    expect(order.order['@status']).toBe('open');
    expect(order.order.lines.line).toEqual([
      { sku: 'A-100', qty: 500 },
      { sku: 'C-400', qty: 12 },
    ]);
    const orderJson = ok('fmt_convert_document', { document_id: ORDER, to: 'json' });
    expect(roundTrip(orderJson.result.document_id, 'xml', orderJson.state)).toEqual(JSON.parse(orderJson.result.content));
    const config = ok('fmt_convert_document', { document_id: CONFIG, to: 'xml' }).result;
    expect(config.name).toBe('service_config.xml');
    expect(config.content).toContain('<regions>eu-west</regions>\n  <regions>us-east</regions>');
  });

  it('explains conversions it cannot do', () => {
    expect(fails('fmt_convert_document', { document_id: ORDER, to: 'csv' })).toMatch(/Extract one of these fields first: order.lines.line/);
    expect(fails('fmt_convert_document', { document_id: INVENTORY, to: 'csv' })).toMatch(/already csv/);
    expect(fails('fmt_convert_document', { document_id: TEAM, to: 'yaml', name: 'inventory' })).toMatch(/already exists/);
    const nested = ok('fmt_import_document', { name: 'n', content: '[{"a": {"b": 1}}]', format: 'json' });
    expect(fails('fmt_convert_document', { document_id: nested.result.document_id, to: 'csv' }, nested.state)).toMatch(/field "a" holds an object/);
  });

  it('pretty-prints with the requested indent', () => {
    expect(ok('fmt_pretty_print', { content: '{"a":[1]}', format: 'json', indent: 4 }).result.content).toBe('{\n    "a": [\n        1\n    ]\n}');
    expect(ok('fmt_pretty_print', { content: '<a>\n  <b>1</b>\n</a>', format: 'xml', indent: 0 }).result.content).toBe('<a><b>1</b></a>');
    expect(ok('fmt_pretty_print', { content: 'a:\n      b: 1', format: 'yaml' }).result.content).toBe('a:\n  b: 1');
    expect(fails('fmt_pretty_print', { content: '{', format: 'json' })).toMatch(/Cannot pretty-print: invalid JSON/);
  });

  it('extracts fields by path, optionally saving them as a new JSON document', () => {
    expect(ok('fmt_extract_field', { document_id: ORDER, path: 'order.lines.line[1].qty' }).result).toEqual({ value: 12, type: 'number', document_id: null });
    expect(ok('fmt_extract_field', { document_id: INVENTORY, path: '[0].sku' }).result.value).toBe('A-100');
    const saved = ok('fmt_extract_field', { document_id: TEAM, path: 'members', save_as: 'members' });
    expect(saved.result.type).toBe('list');
    const csv = ok('fmt_convert_document', { document_id: saved.result.document_id, to: 'csv' }, saved.state).result.content;
    expect(csv).toBe('name,role,since\nAna,lead,2019-06-01\nRaj,sre,2021-11-15');
    expect(fails('fmt_extract_field', { document_id: CONFIG, path: 'database.user' })).toMatch(/its fields are: host, pool/);
    expect(fails('fmt_extract_field', { document_id: CONFIG, path: 'regions[5]' })).toMatch(/has 2 items/);
    expect(fails('fmt_extract_field', { document_id: CONFIG, path: 'port.value' })).toMatch(/not an object/);
    expect(fails('fmt_extract_field', { document_id: CONFIG, path: 'a..b' })).toMatch(/not a field path/);
  });

  it('converts dates between every notation and rejects days that do not exist', () => {
    const styles = { iso: '2024-02-29', us: '02/29/2024', eu: '29/02/2024', long: 'February 29, 2024', compact: '20240229', unix: '1709164800' };
    for (const [from, date] of Object.entries(styles)) {
      for (const [to, expected] of Object.entries(styles)) {
        expect(ok('fmt_convert_date', { date, from, to }).result).toEqual({ date: expected, weekday: 'Thursday' });
      }
    }
    expect(ok('fmt_convert_date', { date: 'Sept 5 2023', from: 'long', to: 'iso' }).result.date).toBe('2023-09-05');
    expect(fails('fmt_convert_date', { date: '2023-02-29', from: 'iso', to: 'us' })).toMatch(/not a real date/);
    expect(fails('fmt_convert_date', { date: '2024-03-18', from: 'us', to: 'iso' })).toMatch(/e.g. 03\/18\/2024/);
  });

  it('converts data sizes between decimal and binary units', () => {
    expect(ok('fmt_convert_data_size', { value: 1.5, from_unit: 'GiB', to_unit: 'MB' }).result).toEqual({ value: 1610.61, formatted: '1610.61 MB' });
    expect(ok('fmt_convert_data_size', { value: 2048, from_unit: 'KiB', to_unit: 'MiB' }).result.value).toBe(2);
    expect(ok('fmt_convert_data_size', { value: 0.1, from_unit: 'KB', to_unit: 'B' }).result.value).toBe(100);
  });

  it('bulk-converts what it can and lists what it cannot', () => {
    const { state, result } = ok('fmt_bulk_convert', { document_ids: [INVENTORY, ORDER, TEAM, TEAM], to: 'yaml' });
    expect(result.converted_count).toBe(3);
    expect(result.converted.map((c: { name: string }) => c.name)).toEqual(['inventory.yaml', 'purchase_order.yaml', 'team.yaml']);
    expect(result.failed).toEqual([]);
    const again = ok('fmt_bulk_convert', { document_ids: [INVENTORY, ORDER], to: 'csv' }, state).result;
    expect(again.converted).toEqual([]);
    expect(again.failed.map((f: { error: string }) => f.error)).toEqual([expect.stringMatching(/already csv/), expect.stringMatching(/Extract one of these fields/)]);
    expect(fails('fmt_bulk_convert', { document_ids: [INVENTORY, 'fdoc_missing'], to: 'json' })).toMatch(/No document with id "fdoc_missing"/);
  });

  it('gives opaque document ids that differ by input and do not reveal it', () => {
    const a = ok('fmt_import_document', { name: 'alpha', content: '{"k": 1}', format: 'json' }).result.document_id;
    const b = ok('fmt_import_document', { name: 'beta', content: '{"k": 1}', format: 'json' }).result.document_id;
    expect(a).not.toBe(b);
    expectOpaqueId(a, 'fdoc', 'alpha');
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['fmt_bulk_convert', { document_ids: [INVENTORY, TEAM], to: 'yaml' }]);
  });
});
