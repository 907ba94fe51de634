import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import { rootPath } from './package-root.ts';

/** Where `npm run build` writes the parsed built-in toolkit YAML, keyed by the sha256 of each file's text. */
export const PARSED_YAML_FILE = rootPath('dist', 'parsed-yaml.json');

let table: Map<string, string> | undefined;

/** Hash of a file's text -> its parsed value as JSON text (only values JSON keeps exactly are stored). */
function parsedTable(): Map<string, string> {
  if (!table) {
    table = new Map();
    if (existsSync(PARSED_YAML_FILE)) {
      for (const [hash, json] of Object.entries(JSON.parse(readFileSync(PARSED_YAML_FILE, 'utf8')) as Record<string, string>)) table.set(hash, json);
    }
  }
  return table;
}

// The parser's version is part of the key: after an upgrade of \`yaml\` without a rebuild, the old
// parse of a text is not served.
const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;

/** The key of a text in the table: its sha256 together with the version of the parser that read it. */
export const yamlTextHash = (text: string): string => createHash('sha256').update(`yaml@${YAML_VERSION}\u0000`).update(text).digest('hex');

/**
 * YAML text parsed, as `yaml`'s parse() does. Parsing the built-in toolkits' YAML took about half of
 * the compiled CLI's start (0.3-0.6 s CPU, every command that loads the toolkits, every validate
 * worker), so the build stores their parsed values; a text found there by its hash is the same text,
 * so it cannot be stale, whether this process runs dist/ or the sources; any other text (an edited
 * file, a plugin) is parsed. Each call gets its own copy, as from parse().
 */
export function parseYamlText(text: string): unknown {
  const known = parsedTable().get(yamlTextHash(text));
  return known === undefined ? parseYaml(text) : JSON.parse(known);
}
