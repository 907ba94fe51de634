import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../core/canonical.ts';
import { UserInputError } from '../core/errors.ts';
import { rootPath } from '../core/package-root.ts';

/** A prompt file; `id` (name@first 8 hex of its sha256) goes into provenance and cache keys. */
export interface Prompt {
  name: string;
  id: string;
  hash: string;
  text: string;
  file: string;
}

const PROMPTS_DIR = rootPath('prompts');
const VAR = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Reads `<dir>/<name>.md`; `dir` defaults to the repository's prompts/ (tests pass their fixtures). */
export function loadPrompt(name: string, dir: string = PROMPTS_DIR): Prompt {
  const file = join(dir, `${name}.md`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserInputError(`cannot read prompt "${name}": ${(err as Error).message}`, { file }, { cause: err });
  }
  const hash = sha256(text);
  return { name, id: `${name}@${hash.slice(0, 8)}`, hash, text, file };
}

/**
 * Replaces every {{var}}. A variable the template uses but `vars` lacks, or one `vars` gives but
 * the template never uses, throws: both mean the prompt file and the code have drifted apart.
 */
export function renderPrompt(prompt: Prompt, vars: Record<string, string>): string {
  const used = new Set([...prompt.text.matchAll(VAR)].map((m) => m[1]!));
  const missing = [...used].filter((v) => !Object.hasOwn(vars, v));
  if (missing.length) throw new UserInputError(`prompt ${prompt.id} needs ${missing.map((v) => `{{${v}}}`).join(', ')}, which the caller did not give`, { file: prompt.file });
  const unknown = Object.keys(vars).filter((v) => !used.has(v));
  if (unknown.length) throw new UserInputError(`prompt ${prompt.id} has no {{${unknown.join('}}, {{')}}} placeholder; the caller gave a value for it`, { file: prompt.file });
  // A function replacement, so `$&` and friends in values stay literal.
  return prompt.text.replace(VAR, (_, v: string) => vars[v]!);
}
