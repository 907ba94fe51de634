import { z } from 'zod';

/**
 * The pipeline config: one zod source of truth. Every option has a default here (and the same
 * default is written beside it in pipeline.config.yaml and docs/pipeline.md).
 */

export const REGIMES = ['none', 'one-round', 'low', 'realistic', 'high'] as const;
export const Regime = z.enum(REGIMES);
export type Regime = z.infer<typeof Regime>;

export const COMPOSE_PATTERNS = ['independent', 'similar', 'chain', 'fan-in', 'mixed'] as const;
export const ComposePattern = z.enum(COMPOSE_PATTERNS);
export type ComposePattern = z.infer<typeof ComposePattern>;

// Every count has a ceiling: a typo such as 1e9 is refused at load instead of exhausting memory after a minute of work.
const MAX_COUNT = 100_000;
const count = z.number().int().min(0).max(MAX_COUNT);

const RuleOperators = z
  .object({
    values: count.default(2).describe('children per task with new argument values drawn by semantic type (language.yaml values:)'),
    extend: count.default(0).describe('children per task extended by one dependent call (off by default: its added steps are not declared natural follow-ups, see docs/pipeline.md)'),
    constraint: count.default(0).describe('children per task with an ordering constraint (a check call that must come first; off by default: no declared precondition exists)'),
    recovery: count.default(0).describe('children per task with a failing call the task recovers from (off by default: no declared plausible first attempt exists)'),
    reword: count.default(1).describe('children per task with one sentence of the query reworded'),
    maxCalls: z.number().int().min(1).max(100).default(6).describe('a child never gets more gold calls than this'),
    attempts: z.number().int().min(1).max(1_000).default(6).describe('draws tried per requested child before giving up'),
  })
  .strict();

const LlmEndpoint = z
  .object({
    baseURL: z.string().url(),
    model: z.string().min(1),
    apiKeyEnv: z.string().default('OPENAI_API_KEY'),
    concurrency: z.number().int().min(1).max(256).default(4),
    timeoutMs: z.number().int().min(1).default(60_000),
    maxRetries: z.number().int().min(0).max(100).default(5),
    cacheDir: z.string().nullable().default('.cache/llm'),
    temperature: z.number().min(0).max(2).default(0),
  })
  .strict();
export type LlmEndpoint = z.infer<typeof LlmEndpoint>;

const LlmOperators = z
  .object({
    endpoint: LlmEndpoint.nullable().default(null).describe('the LLM operators run only when this is set'),
    paraphrase: count.default(1),
    deepen: count.default(1),
    broaden: count.default(1),
  })
  .strict();

const Evolve = z
  .object({
    rule: RuleOperators.prefault({}),
    llm: LlmOperators.prefault({}),
  })
  .strict();

const Targets = z.record(z.string().regex(/^[2-5]$/, 'a task count is 2, 3, 4 or 5'), count).default({ '2': 400, '3': 350, '4': 140, '5': 80 });

const Compose = z
  .object({
    targets: Targets.describe('samples to compose per number of tasks'),
    patterns: z
      .object({
        independent: z.number().min(0).default(1),
        similar: z.number().min(0).default(1),
        chain: z.number().min(0).default(1),
        'fan-in': z.number().min(0).default(1),
        mixed: z.number().min(0).default(1),
      })
      .strict()
      .prefault({})
      .describe('relative weight of each composition pattern'),
    distractors: z.number().int().min(0).max(1_000).default(4).describe('distractor functions offered beside the gold ones'),
    sameToolkitDistractors: z.number().min(0).max(1).default(0.5).describe("share of distractors drawn from the tasks' own toolkits"),
    attempts: z.number().int().min(1).max(10_000).default(40).describe('bundles tried per sample before the slot is given up'),
  })
  .strict();

const Schedule = z
  .object({
    regime: Regime.default('realistic'),
    turnCost: z.number().min(0).default(1),
    scales: z
      .object({ low: z.number().positive().default(0.25), realistic: z.number().positive().default(1), high: z.number().positive().default(4) })
      .strict()
      .prefault({})
      .describe('latency profile multipliers of the scaled regimes'),
    minAsyncRatio: z.number().min(1).default(1.2).describe('samples with sequentialMakespan / oracleMakespan below this are dropped'),
  })
  .strict();

const Validate = z
  .object({
    oracle: z.boolean().default(true).describe('replay the oracle agent and require a perfect score'),
  })
  .strict();

const Dedup = z
  .object({
    exact: z.boolean().default(true),
    near: z
      .object({
        enabled: z.boolean().default(true),
        shingle: z.number().int().min(1).max(100).default(3).describe('words per query shingle'),
        numHashes: z.number().int().min(1).max(4_096).default(64),
        bands: z.number().int().min(1).max(4_096).default(16),
        threshold: z.number().min(0).max(1).default(0.8).describe('estimated Jaccard similarity at or above which two samples are near duplicates'),
      })
      .strict()
      .prefault({})
      .refine((n) => n.numHashes % n.bands === 0, { message: 'numHashes must be a multiple of bands', path: ['bands'] }),
  })
  .strict();

const Export = z
  .object({
    file: z
      .string()
      .regex(/^[^/\\]+$/, 'a file name inside the output folder, without folders, e.g. asynctool.jsonl')
      .refine((f) => f !== '.' && f !== '..', 'a file name inside the output folder, e.g. asynctool.jsonl')
      .default('asynctool.jsonl'),
    name: z.string().default('AsyncTool'),
  })
  .strict();

export const PipelineConfig = z
  .object({
    seed: z.number().int().default(42).describe('the run seed every random draw derives from'),
    workDir: z.string().default('output/work'),
    outDir: z.string().default('output'),
    toolkits: z.array(z.string()).default([]).describe('extra toolkit folders beside the built-in ones'),
    seeds: z.array(z.string()).min(1).default(['seeds']).describe('seed files or folders'),
    imports: z.array(z.string()).default([]).describe('folders written by `asynctool import --out`; their seeds/ are loaded beside `seeds`'),
    concurrency: z.number().int().min(1).max(256).default(8).describe('records processed at once by per-record stages'),
    evolve: Evolve.prefault({}),
    compose: Compose.prefault({}),
    schedule: Schedule.prefault({}),
    validate: Validate.prefault({}),
    dedup: Dedup.prefault({}),
    export: Export.prefault({}),
  })
  .strict();
export type PipelineConfig = z.infer<typeof PipelineConfig>;
export type PipelineConfigInput = z.input<typeof PipelineConfig>;
