import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Rng } from '../../core/rng.ts';
import { formatZodIssues } from '../../schema/issues.ts';

const FILE = fileURLToPath(new URL('./templates.yaml', import.meta.url));

const List = z.array(z.string().min(1)).min(1);
/** A [regex, replacement] pair; the regex is compiled at load, so a broken one fails the build's plan. */
const Rewrite = z.tuple([z.string().min(1), z.string()]).refine(([re]) => {
  try {
    new RegExp(re);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');
export const Templates = z
  .object({
    reword: z.object({ rewrites: z.array(Rewrite).min(1), minor: z.array(Rewrite), please: List }).strict(),
    extend: List,
    constraint: List,
    recovery: List,
    bogusStrings: List,
    bogusNumbers: z.array(z.number()).min(1),
    literals: List,
    compose: z.object({ valueFrom: List, consume: List }).strict(),
  })
  .strict();
export type Templates = z.infer<typeof Templates>;

let cached: Templates | undefined;

/** The phrase templates of the rule operators (a data file, so wording changes need no code change). */
export function loadTemplates(): Templates {
  if (cached) return cached;
  const parsed = Templates.safeParse(parseYaml(readFileSync(FILE, 'utf8')));
  if (!parsed.success) throw new Error(`${FILE}: ${formatZodIssues(parsed.error.issues)}`);
  cached = parsed.data;
  return cached;
}

/** Fills {name} placeholders; a placeholder with no value is a bug in the template or the caller. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`template "${template}" uses {${name}}, which the operator does not provide`);
    return vars[name]!;
  });
}

export function pickFill(rng: Rng, templates: readonly string[], vars: Record<string, string>): string {
  return fill(rng.pick(templates), vars);
}
