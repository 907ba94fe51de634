import type { Command } from '@commander-js/extra-typings';
import { join } from 'node:path';
import { loadRegistry } from '../../world/registry.ts';
import { collect, TOOLKITS_FLAG, TOOLKITS_HELP } from '../options.ts';
import { importBfcl, importNestful, type ImportRun } from '../../import/run.ts';
import { formatSourceReport } from '../../import/report.ts';
import type { CliContext } from '../context.ts';

export function registerImport(program: Command, ctx: CliContext): void {
  const cmd = program.command('import').description('convert records of public function-calling benchmarks into seed tasks');
  cmd
    .command('bfcl')
    .description('BFCL multi-turn entries: one seed task per involved API class, replayed in our toolkits')
    .argument('<question-file...>', 'BFCL question files (JSON Lines)')
    .requiredOption('--answers <path>', 'the possible-answer file, or the folder holding answer files of the same names')
    .requiredOption('--out <dir>', 'output folder: seeds/*.yaml, rejects.jsonl, import-report.json')
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .option('--json', 'print the import report as JSON')
    .action(async (questions, opts) => {
      const registry = await loadRegistry(opts.toolkits);
      print(ctx, importBfcl({ questions, answers: opts.answers, out: opts.out }, registry), opts.out, !!opts.json);
    });
  cmd
    .command('nestful')
    .description('NESTFUL samples whose functions our toolkits execute; the rest are reported')
    .argument('<data-file>', 'a NESTFUL data file (a JSON array of samples)')
    .requiredOption('--spec <file>', 'the NESTFUL spec file of that data')
    .requiredOption('--out <dir>', 'output folder: seeds/*.yaml, rejects.jsonl, import-report.json')
    .option(TOOLKITS_FLAG, TOOLKITS_HELP, collect, [] as string[])
    .option('--json', 'print the import report as JSON')
    .action(async (data, opts) => {
      const registry = await loadRegistry(opts.toolkits);
      print(ctx, importNestful({ data, spec: opts.spec, out: opts.out }, registry), opts.out, !!opts.json);
    });
}

function print(ctx: CliContext, run: ImportRun, out: string, json: boolean): void {
  if (json) {
    ctx.stdout.write(JSON.stringify(run.reports, null, 2) + '\n');
    return;
  }
  for (const r of run.reports) ctx.stdout.write(formatSourceReport(r) + '\n');
  ctx.stdout.write(`seeds in ${join(out, 'seeds')}; ${run.rejects.length} reject(s) in ${join(out, 'rejects.jsonl')}\n`);
}
