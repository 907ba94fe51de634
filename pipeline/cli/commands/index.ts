import type { Command } from '@commander-js/extra-typings';
import { registerValidate } from './validate.ts';
import { registerStats } from './stats.ts';
import { registerNewToolkit } from './new-toolkit.ts';

/** Each command is one thin file that adds itself to the program; add one line here per command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerValidate,
  registerStats,
  registerNewToolkit,
];
