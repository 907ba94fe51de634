import { InvalidArgumentError } from '@commander-js/extra-typings';
/** Collects a repeatable option (`--toolkits a --toolkits b`) into a list. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export const TOOLKITS_FLAG = '--toolkits <dir>';
export const TOOLKITS_HELP = 'an extra toolkit plugin folder to load (repeatable)';

/** Parses an integer option of at least `min`, with a message naming the flag. */
export function intOption(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer of at least ${min}`);
    return n;
  };
}

/** Parses a non-negative number option, with a message naming the flag. */
export function numberOption(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative number`);
    return n;
  };
}
