import { UserInputError } from '../core/errors.ts';
import { Sample } from '../schema/sample.ts';
import { formatZodIssues } from '../schema/issues.ts';

/** Input parsing shared by the stages that read samples. */
export function parseSample(value: unknown): Sample {
  const parsed = Sample.safeParse(value);
  if (!parsed.success) throw new UserInputError(formatZodIssues(parsed.error.issues));
  return parsed.data;
}
