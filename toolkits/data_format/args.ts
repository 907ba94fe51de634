// Generated from toolkits/data_format/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  fmt_import_document: { name: string; content: string; format: 'json' | 'csv' | 'yaml' | 'xml' };
  fmt_find_document: { name: string };
  fmt_get_document: { document_id: string };
  fmt_validate: { content: string; format: 'json' | 'csv' | 'yaml' | 'xml' };
  fmt_convert_document: { document_id: string; to: 'json' | 'csv' | 'yaml' | 'xml'; name?: string };
  fmt_pretty_print: { content: string; format: 'json' | 'csv' | 'yaml' | 'xml'; indent?: number };
  fmt_extract_field: { document_id: string; path: string; save_as?: string };
  fmt_convert_date: { date: string; from: 'iso' | 'us' | 'eu' | 'long' | 'compact' | 'unix'; to: 'iso' | 'us' | 'eu' | 'long' | 'compact' | 'unix' };
  fmt_convert_data_size: { value: number; from_unit: 'B' | 'KB' | 'MB' | 'GB' | 'TB' | 'KiB' | 'MiB' | 'GiB' | 'TiB'; to_unit: 'B' | 'KB' | 'MB' | 'GB' | 'TB' | 'KiB' | 'MiB' | 'GiB' | 'TiB' };
  fmt_bulk_convert: { document_ids: string[]; to: 'json' | 'csv' | 'yaml' | 'xml' };
};
