import { UserInputError } from '../core/errors.ts';
import { Sample } from '../schema/sample.ts';
import { Task } from '../schema/task.ts';
import { formatZodIssues } from '../schema/issues.ts';

/** Input parsing shared by the stages that read samples. */
export function parseSample(value: unknown): Sample {
  const parsed = Sample.safeParse(value);
  if (!parsed.success) throw new UserInputError(formatZodIssues(parsed.error.issues));
  return parsed.data;
}

/** Input parsing shared by the stages that read tasks. */
export function parseTask(value: unknown): Task {
  const parsed = Task.safeParse(value);
  if (!parsed.success) throw new UserInputError(formatZodIssues(parsed.error.issues));
  return parsed.data;
}
