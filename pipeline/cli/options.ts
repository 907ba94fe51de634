/** Collects a repeatable option (`--toolkits a --toolkits b`) into a list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
