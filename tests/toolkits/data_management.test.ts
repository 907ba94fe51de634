import { describe, expect, it } from 'vitest';
import { expectOpaqueId, loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure } = await loadToolkitHarness('data_management');

const suppliers = {
  table: 'suppliers',
  columns: [
    { name: 'name', type: 'text' },
    { name: 'rating', type: 'number' },
  ],
};

describe('data_management toolkit', () => {
  it('lists tables with their columns and row counts', () => {
    const { result } = ok('db_list_tables', {});
    expect(result.tables.map((t: { table: string }) => t.table)).toEqual(['customers', 'orders', 'products']);
    expect(result.tables[1]).toMatchObject({ row_count: 8, columns: ['customer', 'product', 'quantity', 'amount', 'status'] });
  });

  it('creates a table and inserts rows that must fill every column with the right type', () => {
    const created = ok('db_create_table', suppliers);
    expect(created.result.columns).toEqual(['name', 'rating']);
    const inserted = ok('db_insert_row', { table: 'suppliers', values: { name: 'Nordlicht', rating: 4.5 } }, created.state);
    expect(inserted.result).toMatchObject({ table: 'suppliers', row_count: 1 });
    expectOpaqueId(inserted.result.row_id, 'row');
    expect(fails('db_insert_row', { table: 'suppliers', values: { name: 'Nordlicht' } }, created.state)).toMatch(/missing: rating/);
    expect(fails('db_insert_row', { table: 'suppliers', values: { name: 'Nordlicht', rating: 'high' } }, created.state)).toMatch(/number values/);
    expect(fails('db_insert_row', { table: 'suppliers', values: { name: 'N', rating: 1, city: 'Oslo' } }, created.state)).toMatch(/no column "city"/);
  });

  it('rejects duplicate tables, bad names and the reserved row_id column', () => {
    expect(fails('db_create_table', { table: 'orders', columns: [{ name: 'x', type: 'text' }] })).toMatch(/already exists/);
    expect(fails('db_create_table', { table: 'My Table', columns: [{ name: 'x', type: 'text' }] })).toMatch(/not a valid table name/);
    expect(fails('db_create_table', { table: 't', columns: [{ name: 'row_id', type: 'text' }] })).toMatch(/reserved/);
    expect(
      fails('db_create_table', {
        table: 't',
        columns: [
          { name: 'a', type: 'text' },
          { name: 'a', type: 'number' },
        ],
      }),
    ).toMatch(/twice/);
  });

  it('queries with combined filters, order and limit, and reports the full match count', () => {
    const { result } = ok('db_query_rows', {
      table: 'orders',
      filters: [
        { column: 'status', equals: 'pending' },
        { column: 'amount', min: 100 },
      ],
      order_by: 'amount',
      descending: true,
      limit: 2,
    });
    expect(result.count).toBe(3);
    expect(result.rows.map((r: { customer: string }) => r.customer)).toEqual(['Sofia Rossi', 'Tomas Berg']);
    const lamp = ok('db_query_rows', { table: 'products', filters: [{ column: 'name', contains: 'LAMP' }] });
    expect(lamp.result.rows[0].sku).toBe('LMP-100');
  });

  it('explains bad filters and unknown tables', () => {
    expect(fails('db_query_rows', { table: 'invoices' })).toMatch(/does not exist.*customers, orders, products/);
    expect(fails('db_query_rows', { table: 'orders', filters: [{ column: 'amount', contains: '5' }] })).toMatch(/needs a text column/);
    expect(fails('db_query_rows', { table: 'customers', filters: [{ column: 'active', min: 1 }] })).toMatch(/boolean/);
    expect(fails('db_query_rows', { table: 'orders', filters: [{ column: 'status' }] })).toMatch(/no test/);
  });

  it('updates and deletes rows by id, and rejects unknown ids', () => {
    const rowId = ok('db_query_rows', { table: 'orders', filters: [{ column: 'status', equals: 'cancelled' }] }).result.rows[0].row_id;
    const updated = ok('db_update_row', { table: 'orders', row_id: rowId, values: { status: 'refunded' } });
    expect(updated.result.row).toMatchObject({ row_id: rowId, status: 'refunded', customer: 'Priya Nair' });
    expect(ok('db_delete_row', { table: 'orders', row_id: rowId }, updated.state).result).toEqual({ deleted: rowId, row_count: 7 });
    expect(fails('db_update_row', { table: 'orders', row_id: 'row_000000000000', values: { status: 'x' } })).toMatch(/No row with id/);
    expect(fails('db_delete_row', { table: 'orders', row_id: 'row_000000000000' })).toMatch(/No row with id/);
    expect(fails('db_update_row', { table: 'orders', row_id: rowId, values: { quantity: 'two' } })).toMatch(/number values/);
  });

  it('aggregates overall and per group, and fails on an empty selection', () => {
    expect(ok('db_aggregate', { table: 'customers', column: 'credit', operation: 'average', filters: [{ column: 'tier', equals: 'gold' }] }).result.value).toBe(1750);
    expect(ok('db_aggregate', { table: 'products', column: 'name', operation: 'minimum' }).result.value).toBe('desk lamp');
    const grouped = ok('db_aggregate', { table: 'orders', column: 'quantity', operation: 'sum', group_by: 'status' }).result;
    expect(grouped.groups).toEqual([
      { key: 'cancelled', value: 1, rows: 1 },
      { key: 'pending', value: 7, rows: 4 },
      { key: 'shipped', value: 5, rows: 3 },
    ]);
    expect(fails('db_aggregate', { table: 'orders', column: 'amount', operation: 'sum', filters: [{ column: 'status', equals: 'lost' }] })).toMatch(/No rows match/);
    expect(fails('db_aggregate', { table: 'orders', column: 'status', operation: 'average' })).toMatch(/needs a number column/);
  });

  it('exports snapshots that survive later edits and restore a dropped table', () => {
    const exported = ok('db_export_snapshot', { table: 'products', format: 'csv' });
    expect(exported.result).toMatchObject({ table: 'products', row_count: 5, header: 'row_id,sku,name,category,price,stock' });
    const id = exported.result.snapshot_id;
    const listed = ok('db_list_snapshots', { table: 'products' }, exported.state).result.snapshots;
    expect(listed.map((s: { snapshot_id: string }) => s.snapshot_id)).toEqual([id, 'snap_3e2b53f7b8ba']);
    const row = ok('db_query_rows', { table: 'products', filters: [{ column: 'sku', equals: 'KBD-075' }] }, exported.state).result.rows[0];
    const edited = ok('db_update_row', { table: 'products', row_id: row.row_id, values: { stock: 99 } }, exported.state);
    const dropped = ok('db_drop_table', { table: 'products' }, edited.state);
    expect(dropped.result).toEqual({ dropped: 'products', rows_removed: 5 });
    const restored = ok('db_restore_snapshot', { snapshot_id: id }, dropped.state);
    expect(restored.result).toEqual({ table: 'products', row_count: 5, restored_from: id });
    const after = ok('db_query_rows', { table: 'products', filters: [{ column: 'sku', equals: 'KBD-075' }] }, restored.state);
    expect(after.result.rows[0].stock).toBe(0);
  });

  it('restores into a new table only when the name is free, and rejects unknown snapshots', () => {
    expect(fails('db_restore_snapshot', { snapshot_id: 'snap_3e2b53f7b8ba', target_table: 'orders' })).toMatch(/already exists/);
    expect(ok('db_restore_snapshot', { snapshot_id: 'snap_3e2b53f7b8ba', target_table: 'products_old' }).result.row_count).toBe(5);
    expect(fails('db_restore_snapshot', { snapshot_id: 'snap_nope' })).toMatch(/No snapshot/);
    expect(fails('db_drop_table', { table: 'nope' })).toMatch(/does not exist/);
  });

  it('gives opaque ids that differ by input and do not reveal it', () => {
    const a = ok('db_insert_row', { table: 'customers', values: { name: 'Mei Chen', city: 'Taipei', tier: 'gold', credit: 5, active: true } }).result.row_id;
    const b = ok('db_insert_row', { table: 'customers', values: { name: 'Ana Lima', city: 'Recife', tier: 'gold', credit: 5, active: true } }).result.row_id;
    expect(a).not.toBe(b);
    expectOpaqueId(a, 'row', 'mei', 'chen', 'taipei', 'customers');
    const s1 = ok('db_export_snapshot', { table: 'orders', format: 'csv' }).result.snapshot_id;
    const s2 = ok('db_export_snapshot', { table: 'orders', format: 'json' }).result.snapshot_id;
    expect(s1).not.toBe(s2);
    expectOpaqueId(s1, 'snap', 'orders', 'csv');
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['db_insert_row', { table: 'orders', values: { customer: 'Kenji Sato', product: 'keyboard', quantity: 1, amount: 59, status: 'pending' } }]);
  });
});
