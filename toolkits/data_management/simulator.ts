import { defineSimulator, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

type Scalar = string | number | boolean;
type ColumnType = 'text' | 'number' | 'boolean';
type Format = 'csv' | 'json';

interface Column {
  name: string;
  type: ColumnType;
}
interface Row {
  row_id: string;
  values: Record<string, Scalar>;
}
interface Table {
  columns: Column[];
  rows: Row[];
}
interface Snapshot {
  table: string;
  format: Format;
  taken_at: string;
  columns: Column[];
  rows: Row[];
}
interface DbState {
  now: string;
  counter: number;
  tables: Record<string, Table>;
  snapshots: Record<string, Snapshot>;
}
interface Filter {
  column: string;
  equals?: Scalar;
  not_equals?: Scalar;
  min?: string | number;
  max?: string | number;
  contains?: string;
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const JS_TYPE: Record<ColumnType, string> = { text: 'string', number: 'number', boolean: 'boolean' };

function tableOf(state: DbState, name: string, ctx: SimContext): Table {
  // Own keys only: an id such as "constructor" must not find Object.prototype's members.
  const table = Object.hasOwn(state.tables, name) ? state.tables[name] : undefined;
  if (!table) {
    const known = Object.keys(state.tables).sort().join(', ') || 'none';
    return ctx.fail(`Table "${name}" does not exist. Existing tables: ${known}.`);
  }
  return table;
}

function columnOf(table: Table, tableName: string, name: string, ctx: SimContext): Column {
  const col = table.columns.find((c) => c.name === name);
  if (!col) return ctx.fail(`Table "${tableName}" has no column "${name}". Columns: ${table.columns.map((c) => c.name).join(', ')}.`);
  return col;
}

function checkType(col: Column, value: Scalar, ctx: SimContext): void {
  if (typeof value !== JS_TYPE[col.type]) ctx.fail(`Column "${col.name}" holds ${col.type} values; got ${JSON.stringify(value)}.`);
}

function rowOf(table: Table, tableName: string, rowId: string, ctx: SimContext): Row {
  const row = table.rows.find((r) => r.row_id === rowId);
  if (!row) return ctx.fail(`No row with id "${rowId}" in table "${tableName}"; query the table to get current row ids.`);
  return row;
}

function flat(row: Row): Record<string, Scalar> {
  return { row_id: row.row_id, ...row.values };
}

function compare(a: Scalar, b: Scalar): number {
  // Code-point order, not localeCompare: the host locale must not change results.
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

function matching(table: Table, tableName: string, filters: Filter[] | undefined, ctx: SimContext): Row[] {
  const checks = (filters ?? []).map((f) => {
    const col = columnOf(table, tableName, f.column, ctx);
    const tests: ((v: Scalar) => boolean)[] = [];
    if (f.equals !== undefined) {
      checkType(col, f.equals, ctx);
      tests.push((v) => v === f.equals);
    }
    if (f.not_equals !== undefined) {
      checkType(col, f.not_equals, ctx);
      tests.push((v) => v !== f.not_equals);
    }
    for (const bound of ['min', 'max'] as const) {
      const b = f[bound];
      if (b === undefined) continue;
      if (col.type === 'boolean') ctx.fail(`Column "${col.name}" is boolean; filter it with equals or not_equals.`);
      checkType(col, b, ctx);
      tests.push(bound === 'min' ? (v) => compare(v, b) >= 0 : (v) => compare(v, b) <= 0);
    }
    if (f.contains !== undefined) {
      if (col.type !== 'text') ctx.fail(`The contains test needs a text column; "${col.name}" is ${col.type}.`);
      const needle = f.contains.toLowerCase();
      tests.push((v) => String(v).toLowerCase().includes(needle));
    }
    if (tests.length === 0) ctx.fail(`The filter on "${f.column}" has no test; give equals, not_equals, min, max or contains.`);
    return (row: Row): boolean => tests.every((t) => t(row.values[f.column]!));
  });
  return table.rows.filter((row) => checks.every((check) => check(row)));
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function aggregate(rows: Row[], col: Column, operation: string, ctx: SimContext): number | string {
  if (operation === 'count') return rows.length;
  if (rows.length === 0) return ctx.fail(`No rows match the filters, so ${operation} of "${col.name}" is undefined.`);
  const values = rows.map((r) => r.values[col.name]!);
  if (operation === 'minimum' || operation === 'maximum') {
    if (col.type === 'boolean') return ctx.fail(`${operation} needs a number or text column; "${col.name}" is boolean.`);
    const sorted = [...values].sort(compare);
    const pick = operation === 'minimum' ? sorted[0]! : sorted[sorted.length - 1]!;
    return typeof pick === 'number' ? round2(pick) : String(pick);
  }
  if (col.type !== 'number') return ctx.fail(`${operation} needs a number column; "${col.name}" is ${col.type}.`);
  const total = (values as number[]).reduce((s, v) => s + v, 0);
  return round2(operation === 'sum' ? total : total / values.length);
}

function serialise(columns: Column[], rows: Row[], format: Format): string {
  if (format === 'json') return rows.map((r) => JSON.stringify(flat(r))).join('\n');
  const cell = (v: Scalar): string => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const header = ['row_id', ...columns.map((c) => c.name)].join(',');
  return [header, ...rows.map((r) => [r.row_id, ...columns.map((c) => r.values[c.name]!)].map(cell).join(','))].join('\n');
}

export const simulator = defineSimulator<Args>('data_management', {
  db_list_tables(state: DbState) {
    return {
      tables: Object.entries(state.tables).map(([table, t]) => ({ table, columns: t.columns.map((c) => c.name), row_count: t.rows.length })),
    };
  },

  db_create_table(state: DbState, args, ctx) {
    if (!NAME.test(args.table)) ctx.fail(`"${args.table}" is not a valid table name: use lowercase letters, digits and underscores, starting with a letter.`);
    if (Object.hasOwn(state.tables, args.table)) ctx.fail(`Table "${args.table}" already exists.`);
    const seen = new Set<string>();
    for (const col of args.columns) {
      if (!NAME.test(col.name)) ctx.fail(`"${col.name}" is not a valid column name: use lowercase letters, digits and underscores.`);
      if (col.name === 'row_id') ctx.fail('"row_id" is reserved for the row identifier; choose another column name.');
      if (seen.has(col.name)) ctx.fail(`Column "${col.name}" is listed twice.`);
      seen.add(col.name);
    }
    state.tables[args.table] = { columns: args.columns, rows: [] };
    return { table: args.table, columns: args.columns.map((c) => c.name) };
  },

  db_insert_row(state: DbState, args, ctx) {
    const table = tableOf(state, args.table, ctx);
    for (const key of Object.keys(args.values)) columnOf(table, args.table, key, ctx);
    const missing = table.columns.filter((c) => !Object.hasOwn(args.values, c.name)).map((c) => c.name);
    if (missing.length) ctx.fail(`Every column needs a value; missing: ${missing.join(', ')}.`);
    for (const col of table.columns) checkType(col, args.values[col.name]!, ctx);
    state.counter += 1;
    const row_id = ctx.id('row', args.table, args.values, state.counter);
    const values = Object.fromEntries(table.columns.map((c) => [c.name, args.values[c.name]!]));
    table.rows.push({ row_id, values });
    return { row_id, table: args.table, row_count: table.rows.length };
  },

  db_query_rows(state: DbState, args, ctx) {
    const table = tableOf(state, args.table, ctx);
    let rows = matching(table, args.table, args.filters, ctx);
    if (args.order_by !== undefined) {
      const col = columnOf(table, args.table, args.order_by, ctx);
      const sign = args.descending ? -1 : 1;
      rows = [...rows].sort((a, b) => sign * compare(a.values[col.name]!, b.values[col.name]!));
    }
    const count = rows.length;
    if (args.limit !== undefined) rows = rows.slice(0, args.limit);
    return { rows: rows.map(flat), count };
  },

  db_update_row(state: DbState, args, ctx) {
    const table = tableOf(state, args.table, ctx);
    const row = rowOf(table, args.table, args.row_id, ctx);
    for (const [key, value] of Object.entries(args.values)) checkType(columnOf(table, args.table, key, ctx), value, ctx);
    Object.assign(row.values, args.values);
    return { row_id: row.row_id, row: flat(row) };
  },

  db_delete_row(state: DbState, args, ctx) {
    const table = tableOf(state, args.table, ctx);
    const row = rowOf(table, args.table, args.row_id, ctx);
    table.rows = table.rows.filter((r) => r !== row);
    return { deleted: row.row_id, row_count: table.rows.length };
  },

  db_aggregate(state: DbState, args, ctx) {
    const table = tableOf(state, args.table, ctx);
    const col = columnOf(table, args.table, args.column, ctx);
    const rows = matching(table, args.table, args.filters, ctx);
    const head = { operation: args.operation, column: args.column, rows_considered: rows.length };
    if (args.group_by === undefined) return { ...head, value: aggregate(rows, col, args.operation, ctx) };
    const by = columnOf(table, args.table, args.group_by, ctx);
    const groups = new Map<Scalar, Row[]>();
    for (const row of rows) {
      const key = row.values[by.name]!;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const keys = [...groups.keys()].sort(compare);
    return { ...head, groups: keys.map((key) => ({ key, value: aggregate(groups.get(key)!, col, args.operation, ctx), rows: groups.get(key)!.length })) };
  },

  db_export_snapshot(state: DbState, args, ctx) {
    const table = tableOf(state, args.table, ctx);
    state.counter += 1;
    const snapshot_id = ctx.id('snap', args.table, args.format, table.rows, state.counter);
    // Copies, not shared references: structuredClone keeps aliasing, so a later insert would edit the snapshot too.
    state.snapshots[snapshot_id] = { table: args.table, format: args.format, taken_at: state.now, ...structuredClone({ columns: table.columns, rows: table.rows }) };
    const text = serialise(table.columns, table.rows, args.format);
    return {
      snapshot_id,
      table: args.table,
      format: args.format,
      row_count: table.rows.length,
      size_bytes: Buffer.byteLength(text, 'utf8'),
      header: text.split('\n')[0] ?? '',
    };
  },

  db_list_snapshots(state: DbState, args) {
    const all = Object.entries(state.snapshots).reverse();
    return {
      snapshots: all
        .filter(([, s]) => args.table === undefined || s.table === args.table)
        .map(([snapshot_id, s]) => ({ snapshot_id, table: s.table, format: s.format, row_count: s.rows.length, taken_at: s.taken_at })),
    };
  },

  db_restore_snapshot(state: DbState, args, ctx) {
    const snap = Object.hasOwn(state.snapshots, args.snapshot_id) ? state.snapshots[args.snapshot_id] : undefined;
    if (!snap) return ctx.fail(`No snapshot with id "${args.snapshot_id}"; list snapshots to find a valid id.`);
    const target = args.target_table ?? snap.table;
    if (args.target_table !== undefined) {
      if (!NAME.test(target)) ctx.fail(`"${target}" is not a valid table name: use lowercase letters, digits and underscores.`);
      if (Object.hasOwn(state.tables, target)) ctx.fail(`Table "${target}" already exists; restore into a new name or omit target_table to overwrite "${snap.table}".`);
    }
    state.tables[target] = structuredClone({ columns: snap.columns, rows: snap.rows });
    return { table: target, row_count: snap.rows.length, restored_from: args.snapshot_id };
  },

  db_drop_table(state: DbState, args, ctx) {
    const table = tableOf(state, args.table, ctx);
    delete state.tables[args.table];
    return { dropped: args.table, rows_removed: table.rows.length };
  },
});
