/** Collects a repeatable option (`--toolkits a --toolkits b`) into a list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export const TOOLKITS_FLAG = '--toolkits <dir>';
export const TOOLKITS_HELP = 'an extra toolkit plugin folder to load (repeatable)';
