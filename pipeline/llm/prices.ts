import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../core/errors.ts';
import type { GroupMetrics, RunCost } from '../score/summary.ts';

const PRICES_FILE = new URL('./prices.yaml', import.meta.url);
const PriceTable = z.record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).strict());

export interface PriceOverride {
  /** USD per million prompt tokens. */
  input?: number;
  /** USD per million completion tokens. */
  output?: number;
}

function table(): z.infer<typeof PriceTable> {
  const parsed = PriceTable.safeParse(parseYaml(readFileSync(PRICES_FILE, 'utf8')));
  if (!parsed.success) throw new ConfigError(`the price table does not validate: ${parsed.error.issues[0]!.message}`, { file: PRICES_FILE.pathname });
  return parsed.data;
}

/**
 * The cost of a run's tokens: paid ones at the model's price, cached ones as what they saved.
 * Flags override the table (each on its own); null when no price is known for the model.
 */
export function runCost(model: string, tokens: GroupMetrics['tokens'], override: PriceOverride = {}): RunCost | null {
  const listed = Object.hasOwn(table(), model) ? table()[model] : undefined;
  const input = override.input ?? listed?.input;
  const output = override.output ?? listed?.output;
  if (input === undefined || output === undefined) return null;
  const flagged = override.input !== undefined || override.output !== undefined;
  const price = (p: number, c: number) => (p * input + c * output) / 1e6;
  return {
    model,
    inputPerMillion: input,
    outputPerMillion: output,
    source: flagged ? (listed ? 'prices.yaml with flag overrides' : 'flags') : 'prices.yaml',
    paidUsd: round(price(tokens.prompt, tokens.completion)),
    savedByCacheUsd: round(price(tokens.cachedPrompt, tokens.cachedCompletion)),
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
