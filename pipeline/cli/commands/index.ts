import type { Command } from '@commander-js/extra-typings';
import { registerImport } from './import.ts';
import { registerValidate } from './validate.ts';
import { registerStats } from './stats.ts';
import { registerNewToolkit } from './new-toolkit.ts';
import { registerBuild } from './build.ts';
import { registerStage } from './stage.ts';
import { registerEvaluate } from './evaluate.ts';
import { registerReport } from './report.ts';
import { registerCompare } from './compare.ts';
import { registerAblate } from './ablate.ts';

/** Each command is one thin file that adds itself to the program; add one line here per command. */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  registerImport,
  registerValidate,
  registerStats,
  registerNewToolkit,
  registerBuild,
  registerStage,
  registerEvaluate,
  registerReport,
  registerCompare,
  registerAblate,
];
