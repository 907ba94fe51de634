// Generated from toolkits/data_generation/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  gen_create_dataset: { name: string; rows: number; seed: number; fields: ({ name: string; kind: 'name' | 'email' | 'phone' | 'city' | 'country' | 'company' | 'integer' | 'decimal' | 'date' | 'boolean' | 'uuid'; min?: number; max?: number })[] };
  gen_list_datasets: { name_contains?: string };
  gen_sample_rows: { dataset_id: string; count: number; offset?: number };
  gen_describe_dataset: { dataset_id: string };
  gen_merge_datasets: { first_id: string; second_id: string; name: string };
  gen_delete_dataset: { dataset_id: string };
  gen_export_dataset: { dataset_id: string; format: 'csv' | 'json' };
  gen_generate_ids: { count: number; prefix: string; seed: number };
  gen_generate_password: { length: number; seed: number; symbols?: boolean };
  gen_fake_profile: { seed: number; country?: string };
};
