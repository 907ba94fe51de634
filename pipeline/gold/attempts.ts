/**
 * Doomed first attempts (lifecycle events, env/conditions.ts): a gold call `c2` chosen to fail
 * late or to time out gets a twin before it (`c2__first` or `c2__timeout`), with the same tool
 * and arguments, marked `expectError`, and `c2` waits for it. The engine fails the call it
 * matches at completion time (late failure) or at its deadline (timeout); the real call is the
 * retry, or the re-issue. For scoring the attempt is an expected failure (only a failed call
 * matches it); for scheduling it gates its retry, so the optimal plan and the oracle include it.
 */
export const ATTEMPT_SUFFIX = '__first';
export const TIMEOUT_SUFFIX = '__timeout';

/** What happens to the call standing for an attempt. */
export type AttemptKind = 'late-failure' | 'timed-out';

export function attemptKind(callId: string): AttemptKind | undefined {
  if (callId.endsWith(ATTEMPT_SUFFIX)) return 'late-failure';
  if (callId.endsWith(TIMEOUT_SUFFIX)) return 'timed-out';
  return undefined;
}

export function isAttemptId(callId: string): boolean {
  return attemptKind(callId) !== undefined;
}

/** The call id of the retry an attempt stands before. */
export function retryOf(callId: string): string {
  const suffix = callId.endsWith(ATTEMPT_SUFFIX) ? ATTEMPT_SUFFIX : TIMEOUT_SUFFIX;
  return callId.slice(0, -suffix.length);
}
