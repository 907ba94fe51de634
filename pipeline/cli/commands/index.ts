import type { Command } from '@commander-js/extra-typings';
import { registerValidate } from './validate.ts';
import { registerStats } from './stats.ts';

/** Each command is one thin file that adds itself to the program; add one line here per command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerValidate,
  registerStats,
];
