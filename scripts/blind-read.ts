/**
 * `npm run blind-read -- prepare ...` / `npm run blind-read -- report ...`: a reproducible blind read of
 * the dataset, as issue 11 asks for. `prepare` draws samples with a seed, renders each with the reference
 * run's call results and answers, and gives every reader a folder holding only what a reader may see
 * (the rendered samples, the dataset card, each toolkit's documentation, the brief and a recorder).
 * `report` turns the verdicts the readers recorded into the table by origin.
 */
import { resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { describeFailure } from '../pipeline/core/errors.ts';
import { prepareRead, reportFolders } from './blind-read/commands.ts';

const program = new Command('blind-read').description('a reproducible blind read of a dataset: prepare reader folders, then report their verdicts');
program
  .command('prepare')
  .description('draw samples with a seed and write one folder per reader')
  .requiredOption('--dataset <file>', 'dataset JSONL (its DATASET_CARD.md must sit beside it)')
  .requiredOption('--run <dir>', 'a reference run folder of that dataset (asynctool evaluate --agent oracle --out DIR)')
  .requiredOption('--seed <n>', 'draw seed (use a new one for every read)', (v) => Number.parseInt(v, 10))
  .option('--samples <n>', 'samples to draw', (v) => Number.parseInt(v, 10), 60)
  .option('--readers <n>', 'reader folders to split them over', (v) => Number.parseInt(v, 10), 2)
  .option('--toolkits <dir>', 'an extra toolkit folder (repeatable)', (v, acc: string[]) => [...acc, v], [] as string[])
  .requiredOption('--out <dir>', 'where the reader folders go')
  .action(async (o) => {
    const lines = await prepareRead({ ...o, dataset: resolve(o.dataset), run: resolve(o.run), out: resolve(o.out) });
    process.stdout.write(`${lines.join('\n')}\n`);
  });
program
  .command('report')
  .description("print the table by origin from the readers' verdicts")
  .requiredOption('--dataset <file>', 'the dataset the folders were drawn from')
  .argument('<dirs...>', 'reader folders')
  .action(async (dirs, o) => {
    process.stdout.write(
      await reportFolders(
        resolve(o.dataset),
        dirs.map((d) => resolve(d)),
      ),
    );
  });

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`error: ${describeFailure(err)}\n`);
  process.exit(1);
});
