import type { z } from 'zod';

/** `$.tasks[0].calls[1].tool`-style paths, the way users read JSON. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[], max = 5): string {
  const lines = issues.slice(0, max).map((i) => `${jsonPath(i.path)}: ${i.message}`);
  if (issues.length > max) lines.push(`... and ${issues.length - max} more`);
  return lines.join('; ');
}
