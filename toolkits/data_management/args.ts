// Generated from toolkits/data_management/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  db_list_tables: Record<string, never>;
  db_create_table: { table: string; columns: ({ name: string; type: 'text' | 'number' | 'boolean' })[] };
  db_insert_row: { table: string; values: Record<string, string | number | boolean> };
  db_query_rows: { table: string; filters?: ({ column: string; equals?: string | number | boolean; not_equals?: string | number | boolean; min?: string | number; max?: string | number; contains?: string })[]; order_by?: string; descending?: boolean; limit?: number };
  db_update_row: { table: string; row_id: string; values: Record<string, string | number | boolean> };
  db_delete_row: { table: string; row_id: string };
  db_aggregate: { table: string; column: string; operation: 'count' | 'sum' | 'average' | 'minimum' | 'maximum'; filters?: ({ column: string; equals?: string | number | boolean; not_equals?: string | number | boolean; min?: string | number; max?: string | number; contains?: string })[]; group_by?: string };
  db_export_snapshot: { table: string; format: 'csv' | 'json' };
  db_list_snapshots: { table?: string };
  db_restore_snapshot: { snapshot_id: string; target_table?: string };
  db_drop_table: { table: string };
};
