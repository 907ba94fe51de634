import type { Logger } from '../core/log.ts';
import type { PipelineConfig } from '../config/schema.ts';
import type { Registry } from '../world/registry.ts';

export const STAGE_NAMES = ['seed', 'evolve', 'compose', 'schedule', 'validate', 'dedup', 'export'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** A record a stage turned away: which one, a short reason code (counted in reports) and the detail. */
export interface Rejection {
  id: string;
  reason: string;
  detail: string;
}

/** What every stage reports: records in and out, rejections by reason, wall time. */
export interface StageStats {
  stage: StageName;
  in: number;
  out: number;
  rejected: Record<string, number>;
  timeMs: number;
  /** True when the stage was skipped because its inputs and config had not changed. */
  skipped?: boolean;
  /** Stage-specific figures (e.g. dedup's dropped pairs). */
  extra?: Record<string, unknown>;
}

export interface StageContext {
  config: PipelineConfig;
  registry: Registry;
  logger: Logger;
  /** The folder holding stage manifests and reports (the export stage reads earlier reports from it). */
  stateDir: string;
}

/** One input record's result: zero or more outputs and zero or more rejections. */
export interface RecordOutcome<O> {
  out: O[];
  rejected: Rejection[];
}

/** One raw input record and where it came from, for located rejections. */
export interface InputRecord {
  value: unknown;
  where: string;
  /** Set when the record could not even be read (bad JSON line, bad YAML item). */
  error?: string;
}

/** How a stage finds its input: the files whose content is hashed, and the records they hold. */
export interface InputSource {
  files: string[];
  records(): AsyncIterable<InputRecord>;
}

interface StageBase<I, O> {
  name: StageName;
  /**
   * Input discovery for stages that do not read JSONL (the seed stage reads seed folders, and the
   * import folders the config lists).
   */
  inputSource?(paths: readonly string[], config: PipelineConfig): InputSource;
  /** The part of the config that changes this stage's output; its hash decides whether a rerun can skip. */
  configSlice(config: PipelineConfig): unknown;
  /** Checks and types one input record; throws a UserInputError naming the problem. */
  parseInput(value: unknown): I;
  /** What the input records are (`tasks (the seed stage's output)`), for the error when none of them is. */
  inputKind?: string;
  idOf(record: O): string;
}

/**
 * A stage that handles each input record on its own: it is resumable record by record and may
 * process records concurrently. `prepare` runs once per invocation (e.g. to open an LLM client).
 */
export interface PerRecordStage<I, O, S = unknown> extends StageBase<I, O> {
  kind: 'per-record';
  keyOf(input: I): string;
  prepare?(ctx: StageContext): Promise<S> | S;
  process(input: I, ctx: StageContext, shared: S): Promise<RecordOutcome<O>> | RecordOutcome<O>;
  /** Figures to add to the stage report once every record is done (e.g. LLM usage). */
  finish?(shared: S): Record<string, unknown> | undefined;
}

/** A stage that needs the whole set at once (sampling, dedup, export); rerun whole after an interruption. */
export interface WholeSetStage<I, O> extends StageBase<I, O> {
  kind: 'whole-set';
  run(inputs: I[], ctx: StageContext): Promise<WholeSetResult<O>> | WholeSetResult<O>;
}

export interface WholeSetResult<O> extends RecordOutcome<O> {
  extra?: Record<string, unknown>;
  /** Extra files written beside the stage output by atomic rename (name relative to the output's folder). */
  files?: Record<string, string>;
}

export type Stage<I = any, O = any> = PerRecordStage<I, O, any> | WholeSetStage<I, O>;
