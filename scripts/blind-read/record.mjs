// Records a reader's verdicts: one line per task on stdin, `<sample index>|<task id>|<A|L|R>|<reason>`.
// Usage (inside the reader's folder): node record.mjs <<'X' ... X
import { appendFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ids = JSON.parse(readFileSync(join(here, 'ids.json'), 'utf8'));
const names = { A: 'accept', L: 'light', R: 'reject' };
const out = [];
readFileSync(0, 'utf8')
  .split('\n')
  .forEach((raw, n) => {
    const line = raw.trim();
    if (line === '') return;
    const [index, task, verdict, ...reason] = line.split('|');
    const sample = ids[Number(index)];
    if (sample === undefined || !task || !names[verdict?.trim()]) {
      process.stderr.write(`line ${n + 1} ignored: expected <sample index>|<task id>|<A|L|R>|<reason>, got: ${line}\n`);
      return;
    }
    out.push(JSON.stringify({ sample, task: task.trim(), verdict: names[verdict.trim()], reason: reason.join('|').trim() }));
  });
if (out.length > 0) appendFileSync(join(here, 'verdicts.jsonl'), `${out.join('\n')}\n`);
process.stdout.write(`${out.length} verdicts recorded\n`);
