import { UserInputError } from '../core/errors.ts';

/**
 * What one agent turn costs in virtual seconds. `fixed`: `seconds` per turn (default: the
 * sample's turnCost). `tokens`: thinking on the clock, `base` (default the sample's turnCost)
 * plus the turn's completion tokens / `tokensPerSecond`; completion tokens include the reasoning
 * tokens of endpoints that report them (usage.completion_tokens_details.reasoning_tokens is a part
 * of completion_tokens).
 */
export type TurnCost = { kind: 'fixed'; seconds?: number } | { kind: 'tokens'; base?: number; tokensPerSecond: number };

const FORMS = 'fixed:S, tokens:R or tokens:S:R (S virtual seconds per turn, R completion tokens per virtual second)';

/** Parses `--turn-cost`. */
export function parseTurnCost(text: string): TurnCost {
  const [kind, ...rest] = text.split(':');
  const nums = rest.map(Number);
  const bad = () => new UserInputError(`--turn-cost "${text}" is not one of ${FORMS}`);
  if (nums.some((n) => !Number.isFinite(n) || n < 0)) throw bad();
  if (kind === 'fixed' && nums.length === 1) return { kind: 'fixed', seconds: nums[0]! };
  if (kind === 'tokens' && nums.length === 1 && nums[0]! > 0) return { kind: 'tokens', tokensPerSecond: nums[0]! };
  if (kind === 'tokens' && nums.length === 2 && nums[1]! > 0) return { kind: 'tokens', base: nums[0]!, tokensPerSecond: nums[1]! };
  throw bad();
}
