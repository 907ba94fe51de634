import { defineSimulator, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

interface FileNode {
  type: 'file';
  content?: string;
}
interface DirNode {
  type: 'directory';
  contents: Record<string, FsNode>;
}
type FsNode = FileNode | DirNode;

/**
 * BFCL's GorillaFileSystem shape: `root` maps the root directory's name to its node (BFCL reads
 * only the first entry), and `cwd` is the path from that root to the working directory.
 */
interface FsState {
  root: Record<string, FsNode>;
  cwd?: string[];
}

const isDir = (node: FsNode | undefined): node is DirNode => node?.type === 'directory';
/** Own entries only, so names like "constructor" never reach Object.prototype. */
const child = (dir: DirNode, name: string): FsNode | undefined => (Object.hasOwn(dir.contents, name) ? dir.contents[name] : undefined);
const textOf = (node: FileNode): string => node.content ?? '';
/** Python's str.splitlines, as BFCL counts lines: no empty last line after a final newline. */
const linesOf = (text: string): string[] => {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

function rootOf(state: FsState, ctx: SimContext): { name: string; dir: DirNode } {
  const first = Object.entries(state.root ?? {})[0];
  if (!first || !isDir(first[1])) return ctx.fail('The file system has no root directory.');
  return { name: first[0], dir: first[1] };
}

function walk(start: DirNode, segments: readonly string[]): DirNode | undefined {
  let dir: DirNode | undefined = start;
  for (const seg of segments) {
    const next: FsNode | undefined = dir && child(dir, seg);
    dir = isDir(next) ? next : undefined;
  }
  return dir;
}

function cwdOf(state: FsState, ctx: SimContext): DirNode {
  const dir = walk(rootOf(state, ctx).dir, state.cwd ?? []);
  if (!dir) return ctx.fail(`The current directory ${cwdPath(state, ctx)} no longer exists; cd to an existing folder.`);
  return dir;
}

function cwdPath(state: FsState, ctx: SimContext): string {
  return '/' + [rootOf(state, ctx).name, ...(state.cwd ?? [])].join('/');
}

/** Names that address an entry of the current directory only: the docs allow no paths. */
function local(name: string, what: string, ctx: SimContext): string {
  if (name.includes('/')) ctx.fail(`${what} "${name}" is a path; only names in the current directory are allowed, so cd into the folder first.`);
  if (name === '' || name === '.' || name === '..' || name === '__proto__') ctx.fail(`"${name}" is not a valid ${what.toLowerCase()}.`);
  return name;
}

/** Characters BFCL refuses in a new file or directory name. */
const INVALID_NAME = /[|/\\?%*:"><]/;

function newName(name: string, what: string, ctx: SimContext): string {
  if (INVALID_NAME.test(name)) ctx.fail(`${what} "${name}" has an invalid character (one of | / \\ ? % * : " > <).`);
  return local(name, what, ctx);
}

function fileIn(dir: DirNode, name: string, ctx: SimContext): FileNode {
  const node = child(dir, local(name, 'File name', ctx));
  if (!node) return ctx.fail(`No such file: "${name}" is not in the current directory.`);
  if (isDir(node)) return ctx.fail(`"${name}" is a directory, not a file.`);
  return node;
}

/** Resolves find's path: "." or a relative path from the working directory, or an absolute path from the root. */
function resolveDir(state: FsState, path: string, ctx: SimContext): DirNode {
  const root = rootOf(state, ctx);
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  let segments: string[];
  if (path.startsWith('/')) {
    if (parts[0] !== root.name) return ctx.fail(`No such directory: "${path}" (absolute paths start with /${root.name}).`);
    segments = [];
    parts.shift();
  } else {
    segments = [...(state.cwd ?? [])];
  }
  for (const part of parts) {
    if (part === '..') {
      if (segments.length === 0) return ctx.fail(`No such directory: "${path}" goes above the root.`);
      segments.pop();
    } else segments.push(part);
  }
  const dir = walk(root.dir, segments);
  if (!dir) return ctx.fail(`No such directory: "${path}".`);
  return dir;
}

/** Every entry below a directory, depth first, with its path under the given prefix. */
function entries(dir: DirNode, prefix: string): { path: string; name: string }[] {
  return Object.entries(dir.contents).flatMap(([name, node]) => {
    const path = `${prefix}/${name}`;
    return [{ path, name }, ...(isDir(node) ? entries(node, path) : [])];
  });
}

function sizeOf(node: FsNode): number {
  if (isDir(node)) return Object.values(node.contents).reduce((sum, entry) => sum + sizeOf(entry), 0);
  return Buffer.byteLength(textOf(node), 'utf8');
}

function humanSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // BFCL prints two decimals in every unit, bytes included ("86.00 B").
  return `${value.toFixed(2)} ${units[unit]}`;
}

/** Where cp and mv put the source: into an existing directory under its own name, or under a new name here. */
function target(dir: DirNode, source: string, destination: string, verb: string, ctx: SimContext): { into: DirNode; name: string } {
  local(source, 'Source', ctx);
  local(destination, 'Destination', ctx);
  if (!child(dir, source)) ctx.fail(`${verb}: no such file or directory "${source}" in the current directory.`);
  const dest = child(dir, destination);
  if (isDir(dest)) {
    if (destination === source) ctx.fail(`${verb}: cannot put directory "${source}" inside itself.`);
    if (child(dest, source)) ctx.fail(`${verb}: "${destination}/${source}" already exists.`);
    return { into: dest, name: source };
  }
  if (dest) ctx.fail(`${verb}: a file named "${destination}" already exists; remove it first or choose another name.`);
  return { into: dir, name: destination };
}

export const simulator = defineSimulator<Args>('filesystem', {
  pwd(state: FsState, _args, ctx) {
    cwdOf(state, ctx);
    return { current_working_directory: cwdPath(state, ctx) };
  },

  ls(state: FsState, args, ctx) {
    const names = Object.keys(cwdOf(state, ctx).contents);
    return { current_directory_content: args.a ? names : names.filter((n) => !n.startsWith('.')) };
  },

  cd(state: FsState, args, ctx) {
    const here = cwdOf(state, ctx);
    const cwd = [...(state.cwd ?? [])];
    // BFCL: a trailing slash is ignored, and only `..` may go up.
    const folder = args.folder.length > 1 ? args.folder.replace(/\/+$/, '') : args.folder;
    if (folder === '..') {
      if (cwd.length === 0) ctx.fail(`Already at the root directory ${cwdPath(state, ctx)}; cannot go up.`);
      cwd.pop();
      state.cwd = cwd;
      // BFCL answers a move up with an empty result, not the new path.
      return {};
    }
    if (folder !== '.') {
      if (folder.includes('/')) ctx.fail(`cd changes one folder level at a time; "${folder}" is a path, so cd into each folder in turn.`);
      const node = child(here, folder);
      if (!node) ctx.fail(`No such directory: "${folder}" is not in the current directory.`);
      if (!isDir(node)) ctx.fail(`"${folder}" is a file, not a directory.`);
      cwd.push(folder);
    }
    state.cwd = cwd;
    // BFCL returns the name of the folder entered, not its full path (pwd gives the path).
    return { current_working_directory: cwd.length === 0 ? rootOf(state, ctx).name : cwd[cwd.length - 1]! };
  },

  mkdir(state: FsState, args, ctx) {
    const dir = cwdOf(state, ctx);
    const name = newName(args.dir_name, 'Directory name', ctx);
    if (child(dir, name)) ctx.fail(`mkdir: "${name}" already exists in the current directory.`);
    dir.contents[name] = { type: 'directory', contents: {} };
    return {};
  },

  touch(state: FsState, args, ctx) {
    const dir = cwdOf(state, ctx);
    const name = newName(args.file_name, 'File name', ctx);
    if (child(dir, name)) ctx.fail(`touch: "${name}" already exists in the current directory.`);
    dir.contents[name] = { type: 'file', content: '' };
    return {};
  },

  echo(state: FsState, args, ctx) {
    if (args.file_name === undefined) return { terminal_output: args.content };
    const dir = cwdOf(state, ctx);
    const name = newName(args.file_name, 'File name', ctx);
    const node = child(dir, name);
    // As BFCL: echo replaces the content of an existing file and never creates one (touch it first).
    if (!node) ctx.fail(`echo: cannot write to "${name}": no such file in the current directory; create it with touch first.`);
    if (isDir(node)) ctx.fail(`"${name}" is a directory; echo writes to files only.`);
    dir.contents[name] = { type: 'file', content: args.content };
    // BFCL returns nothing when the text went to a file.
    return null;
  },

  cat(state: FsState, args, ctx) {
    return { file_content: textOf(fileIn(cwdOf(state, ctx), args.file_name, ctx)) };
  },

  tail(state: FsState, args, ctx) {
    const count = args.lines ?? 10;
    if (count < 0) ctx.fail(`lines must be 0 or more; got ${count}.`);
    const lines = linesOf(textOf(fileIn(cwdOf(state, ctx), args.file_name, ctx)));
    // BFCL slices content[-lines:], so 0 lines gives the whole file; we keep that oddity.
    return { last_lines: lines.slice(-count).join('\n') };
  },

  grep(state: FsState, args, ctx) {
    const lines = linesOf(textOf(fileIn(cwdOf(state, ctx), args.file_name, ctx)));
    return { matching_lines: lines.filter((line) => line.includes(args.pattern)) };
  },

  sort(state: FsState, args, ctx) {
    const lines = linesOf(textOf(fileIn(cwdOf(state, ctx), args.file_name, ctx)));
    return { sorted_content: [...lines].sort().join('\n') };
  },

  wc(state: FsState, args, ctx) {
    const text = textOf(fileIn(cwdOf(state, ctx), args.file_name, ctx));
    switch (args.mode ?? 'l') {
      case 'w':
        return { count: text.split(/\s+/).filter(Boolean).length, type: 'words' };
      case 'c':
        return { count: text.length, type: 'characters' };
      default:
        return { count: linesOf(text).length, type: 'lines' };
    }
  },

  diff(state: FsState, args, ctx) {
    const dir = cwdOf(state, ctx);
    const a = linesOf(textOf(fileIn(dir, args.file_name1, ctx)));
    const b = linesOf(textOf(fileIn(dir, args.file_name2, ctx)));
    // BFCL compares line pairs up to the shorter file (Python's zip): extra lines of the longer file never show.
    const out: string[] = [];
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) out.push(`- ${a[i]}\n+ ${b[i]}`);
    }
    return { diff_lines: out.join('\n') };
  },

  find(state: FsState, args, ctx) {
    const raw = args.path ?? '.';
    // "/" names the root directory, which paths spell /<root name>.
    const path = raw === '/' ? `/${rootOf(state, ctx).name}` : raw.replace(/(.)\/+$/, '$1');
    const found = entries(resolveDir(state, path, ctx), path);
    const matches = args.name === undefined ? found : found.filter((e) => e.name.includes(args.name!));
    return { matches: matches.map((e) => e.path) };
  },

  du(state: FsState, args, ctx) {
    const bytes = sizeOf(cwdOf(state, ctx));
    return { disk_usage: args.human_readable ? humanSize(bytes) : `${bytes} bytes` };
  },

  cp(state: FsState, args, ctx) {
    const dir = cwdOf(state, ctx);
    const { into, name } = target(dir, args.source, args.destination, 'cp', ctx);
    into.contents[name] = structuredClone(child(dir, args.source)!);
    return { result: `Copied ${args.source} to ${into === dir ? name : `${args.destination}/${name}`}.` };
  },

  mv(state: FsState, args, ctx) {
    const dir = cwdOf(state, ctx);
    const { into, name } = target(dir, args.source, args.destination, 'mv', ctx);
    const node = child(dir, args.source)!;
    delete dir.contents[args.source];
    into.contents[name] = node;
    return { result: `Moved ${args.source} to ${into === dir ? name : `${args.destination}/${name}`}.` };
  },

  rm(state: FsState, args, ctx) {
    const dir = cwdOf(state, ctx);
    const name = local(args.file_name, 'File name', ctx);
    if (!child(dir, name)) ctx.fail(`rm: no such file or directory "${name}" in the current directory.`);
    delete dir.contents[name];
    return { result: `Removed ${name}.` };
  },

  rmdir(state: FsState, args, ctx) {
    const dir = cwdOf(state, ctx);
    const name = local(args.dir_name, 'Directory name', ctx);
    const node = child(dir, name);
    if (!node) return ctx.fail(`rmdir: no such directory "${name}" in the current directory.`);
    if (!isDir(node)) return ctx.fail(`rmdir: "${name}" is a file; use rm for files.`);
    if (Object.keys(node.contents).length > 0) ctx.fail(`rmdir: directory "${name}" is not empty; remove its contents first.`);
    delete dir.contents[name];
    return { result: `Removed directory ${name}.` };
  },
});
