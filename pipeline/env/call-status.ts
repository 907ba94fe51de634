import type { AcceptedCall } from '../schema/trace.ts';

/**
 * Moves an accepted call to another status in place and returns it as that kind. The trace keeps
 * one object per call (its key order is the trace's byte order), so a call changes kind rather than
 * being replaced; this is the one place the engine writes a call's status.
 */
export function setStatus<S extends AcceptedCall['status']>(call: AcceptedCall, status: S): AcceptedCall & { status: S } {
  (call as { status: AcceptedCall['status'] }).status = status;
  return call as AcceptedCall & { status: S };
}
