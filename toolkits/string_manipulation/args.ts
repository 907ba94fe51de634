// Generated from toolkits/string_manipulation/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  str_change_case: { text: string; style: 'upper' | 'lower' | 'title' | 'sentence' | 'snake' | 'camel' | 'kebab' };
  str_replace_text: { text: string; find: string; replace: string; ignore_case?: boolean; max_count?: number };
  str_split_text: { text: string; separator: string; trim?: boolean };
  str_join_parts: { parts: string[]; separator: string };
  str_count_words: { text: string };
  str_reverse: { text: string; unit: 'characters' | 'words' };
  str_slugify: { text: string; max_length?: number };
  str_truncate: { text: string; max_length: number; ellipsis?: string };
  str_extract_pattern: { text: string; pattern: 'email' | 'url' | 'number' | 'date' | 'hashtag' | 'mention' | 'phone' };
  str_common_prefix: { texts: string[] };
  str_save_document: { title: string; text: string };
  str_find_document: { title: string };
  str_read_document: { document_id: string };
  str_edit_document: { document_id: string; find: string; replace: string; ignore_case?: boolean };
  str_analyze_document: { document_id: string; top?: number };
};
