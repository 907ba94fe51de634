// Generated from toolkits/filesystem/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  pwd: Record<string, never>;
  ls: { a?: boolean };
  cd: { folder: string };
  mkdir: { dir_name: string };
  touch: { file_name: string };
  echo: { content: string; file_name?: string };
  cat: { file_name: string };
  tail: { file_name: string; lines?: number };
  grep: { file_name: string; pattern: string };
  sort: { file_name: string };
  wc: { file_name: string; mode?: 'l' | 'w' | 'c' };
  diff: { file_name1: string; file_name2: string };
  find: { path?: string; name?: string };
  du: { human_readable?: boolean };
  cp: { source: string; destination: string };
  mv: { source: string; destination: string };
  rm: { file_name: string };
  rmdir: { dir_name: string };
};
