/**
 * Doomed first attempts (lifecycle events, env/conditions.ts): a gold call `c2` chosen to fail
 * late gets a twin `c2__first` before it, with the same tool and arguments, marked `expectError`,
 * and `c2` waits for it. The engine fails the call it matches at completion time; the real call
 * is the retry. For scoring the attempt is an expected failure (only a failed call matches it);
 * for scheduling it gates its retry, so the optimal plan and the oracle include the retry.
 */
export const ATTEMPT_SUFFIX = '__first';

export function isAttemptId(callId: string): boolean {
  return callId.endsWith(ATTEMPT_SUFFIX);
}

/** The call id of the retry an attempt stands before. */
export function retryOf(callId: string): string {
  return callId.slice(0, -ATTEMPT_SUFFIX.length);
}
