/**
 * Differential replay of BFCL's ground truth: each recorded call is run in our simulator on the state
 * the importer maps, and judged against what BFCL's own class returned (compare.ts); after each turn,
 * our state is compared with BFCL's on the public attributes BFCL's state checker compares.
 *
 *   npx tsx tests/toolkits/bfcl-replay/run.ts [--diff Class] [--json]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadRegistry, type Registry } from '../../../pipeline/world/registry.ts';
import { runTool, type State } from '../../../pipeline/world/simulator.ts';
import { BFCL_CLASSES } from '../../../pipeline/import/bfcl.ts';
import { bfclInitialState } from '../../../pipeline/import/bfcl-state.ts';
import { judgeCall, stateEqual, type Verdict } from './compare.ts';

export const REPLAY_FILE = '../shared/external/bfcl/replay/BFCL_v4_multi_turn_base.replay.jsonl';

export interface ReplayCall {
  call: string;
  class: string;
  fn: string;
  args: Record<string, unknown>;
  result: unknown;
  error: boolean;
}
export interface ReplayEntry {
  id: string;
  involved_classes: string[];
  initial_state: Record<string, Record<string, unknown>>;
  turns: { calls: ReplayCall[]; state: Record<string, Record<string, unknown>> }[];
}
export interface QuestionEntry {
  id: string;
  initial_config?: Record<string, Record<string, unknown>>;
}

export interface ClassRow {
  calls: number;
  equal: number;
  normalised: number;
  different: number;
  /** entry × class pairs, judged on the state after the last turn. */
  finals: number;
  finalsEqual: number;
  turnStates: number;
  turnStatesEqual: number;
}

export interface Difference {
  entry: string;
  class: string;
  turn: number;
  call?: string;
  kind: 'call' | 'state';
  ours: unknown;
  bfcl: unknown;
}

export interface ReplayReport {
  rows: Record<string, ClassRow>;
  differences: Difference[];
  entriesAllEqual: number;
  entries: number;
}

/** Public attributes BFCL names differently from the `initial_config` key it reads them from (and we store). */
const ATTRIBUTE_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  VehicleControlAPI: { engine_state: 'engineState' },
};

/** Our state seen through BFCL's public attributes: the keys BFCL's state has, read from ours. */
export function projectState(className: string, ours: State, bfclKeys: string[]): Record<string, unknown> {
  const aliases = ATTRIBUTE_ALIASES[className] ?? {};
  const out: Record<string, unknown> = {};
  for (const key of bfclKeys) {
    const ourKey = Object.hasOwn(aliases, key) ? aliases[key]! : key;
    if (Object.hasOwn(ours, ourKey)) out[key] = ours[ourKey];
  }
  return out;
}

export type StateMapper = (registry: Registry, className: string, config: Record<string, unknown> | undefined) => State;

/** The importer's mapping: what an imported task starts from. */
export const importerMapping: StateMapper = (registry, className, config) => bfclInitialState(registry, className, config);

export function readJsonLines<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);
}

const emptyRow = (): ClassRow => ({ calls: 0, equal: 0, normalised: 0, different: 0, finals: 0, finalsEqual: 0, turnStates: 0, turnStatesEqual: 0 });

export function replayEntries(registry: Registry, replays: ReplayEntry[], questions: Map<string, QuestionEntry>, mapState: StateMapper = importerMapping): ReplayReport {
  const rows: Record<string, ClassRow> = {};
  const differences: Difference[] = [];
  let entriesAllEqual = 0;
  for (const entry of replays) {
    const config = questions.get(entry.id)?.initial_config ?? {};
    let allEqual = true;
    const states = new Map<string, State>();
    for (const cls of entry.involved_classes) {
      states.set(cls, mapState(registry, cls, Object.hasOwn(config, cls) ? config[cls] : undefined));
      rows[cls] ??= emptyRow();
    }
    entry.turns.forEach((turn, t) => {
      for (const rec of turn.calls) {
        const row = (rows[rec.class] ??= emptyRow());
        const toolkit = BFCL_CLASSES[rec.class];
        const tk = toolkit ? registry.toolkit(toolkit) : undefined;
        const fnDef = registry.fn(rec.fn);
        let verdict: Verdict;
        let ours: { ok: boolean; result?: unknown; error?: string };
        if (!tk || !fnDef || fnDef.toolkit !== toolkit) {
          ours = { ok: false, error: `no function ${rec.fn} in toolkit ${toolkit}` };
          verdict = 'different';
        } else {
          const argErrors = registry.argumentErrors(rec.fn, rec.args);
          if (argErrors.length > 0) {
            ours = { ok: false, error: `arguments rejected: ${argErrors.join('; ')}` };
          } else {
            const out = runTool(tk.sim, states.get(rec.class)!, rec.fn, rec.args, { mutates: fnDef.def.mutates });
            states.set(rec.class, out.state);
            ours = out.ok ? { ok: true, result: out.result } : { ok: false, error: out.error };
          }
          verdict = judgeCall(ours, rec);
        }
        row.calls++;
        row[verdict === 'normalised' ? 'normalised' : verdict]++;
        if (verdict === 'different') {
          allEqual = false;
          differences.push({ entry: entry.id, class: rec.class, turn: t, call: rec.call, kind: 'call', ours: ours.ok ? ours.result : { error: ours.error }, bfcl: rec.result });
        }
      }
      const last = t === entry.turns.length - 1;
      for (const [cls, bfclState] of Object.entries(turn.state)) {
        const row = (rows[cls] ??= emptyRow());
        const ours = projectState(cls, states.get(cls) ?? {}, Object.keys(bfclState));
        const same = stateEqual(ours, bfclState);
        row.turnStates++;
        if (same) row.turnStatesEqual++;
        if (last) {
          row.finals++;
          if (same) row.finalsEqual++;
        }
        if (!same) {
          allEqual = false;
          if (last) differences.push({ entry: entry.id, class: cls, turn: t, kind: 'state', ours, bfcl: bfclState });
        }
      }
    });
    if (allEqual) entriesAllEqual++;
  }
  return { rows, differences, entriesAllEqual, entries: replays.length };
}

export function totals(report: ReplayReport): ClassRow {
  const sum = emptyRow();
  for (const row of Object.values(report.rows)) for (const k of Object.keys(sum) as (keyof ClassRow)[]) sum[k] += row[k];
  return sum;
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

export function formatTable(report: ReplayReport): string {
  const lines = ['| class | calls | equal | equal after normalising | different | calls agreeing | final states equal | turn states equal |', '|---|---|---|---|---|---|---|---|'];
  const row = (name: string, r: ClassRow) =>
    `| ${name} | ${r.calls} | ${r.equal} | ${r.normalised} | ${r.different} | ${pct(r.equal + r.normalised, r.calls)} | ${r.finalsEqual} / ${r.finals} (${pct(r.finalsEqual, r.finals)}) | ${r.turnStatesEqual} / ${r.turnStates} |`;
  for (const cls of Object.keys(BFCL_CLASSES)) if (report.rows[cls]) lines.push(row(cls, report.rows[cls]!));
  lines.push(row('**all**', totals(report)));
  lines.push('', `Entries agreeing on every call and every turn state: ${report.entriesAllEqual} / ${report.entries}`);
  return lines.join('\n');
}

export async function runReplay(mapState?: StateMapper): Promise<ReplayReport> {
  const registry = await loadRegistry();
  const replays = readJsonLines<ReplayEntry>(REPLAY_FILE);
  const questions = new Map(readJsonLines<QuestionEntry>('../shared/external/bfcl/question/BFCL_v4_multi_turn_base.json').map((q) => [q.id, q]));
  return replayEntries(registry, replays, questions, mapState);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = await runReplay();
  const at = process.argv.indexOf('--diff');
  if (at > 0) {
    const cls = process.argv[at + 1];
    for (const d of report.differences.filter((x) => !cls || x.class === cls)) {
      console.log(`${d.entry} t${d.turn} ${d.kind} ${d.call ?? ''}\n  ours: ${JSON.stringify(d.ours)}\n  bfcl: ${JSON.stringify(d.bfcl)}`);
    }
  }
  console.log(formatTable(report));
}
