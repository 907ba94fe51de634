import OpenAI from 'openai';
import type { Rng } from '../core/rng.ts';

/** What went wrong with one attempt, and whether another attempt can help. */
export interface Failure {
  retryable: boolean;
  reason: string;
  status?: number;
  retryAfterMs?: number;
}

/** A 200 whose body is not a usable completion (no choices, not an object). */
export class MalformedResponse extends Error {}

/** The per-request deadline fired: ours, which also covers reading the body, or the SDK's, which does not. */
export class AttemptTimeout extends Error {}

const RETRYABLE_STATUS = new Set([408, 409, 429]);

/** Statuses another attempt can fix: timeouts, conflicts, rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUS.has(status) || status >= 500;
}

/** Returns undefined for errors that are not the endpoint's doing (bugs keep their stack). */
export function classifyFailure(err: unknown): Failure | undefined {
  if (err instanceof AttemptTimeout) return { retryable: true, reason: err.message };
  if (err instanceof MalformedResponse) return { retryable: true, reason: err.message };
  if (err instanceof OpenAI.APIConnectionError) return { retryable: true, reason: `connection failed (${connectionDetail(err)})` };
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    const status = err.status;
    return {
      retryable: isRetryableStatus(status),
      reason: `HTTP ${status}: ${err.message.replace(/^\d{3}\s*/, '')}`,
      status,
      retryAfterMs: err.headers ? retryAfterMs(err.headers) : undefined,
    };
  }
  // The SDK parses the body itself: a body that is not JSON surfaces as a SyntaxError, one cut off
  // by a dropped connection as undici's TypeError('terminated').
  if (err instanceof SyntaxError) return { retryable: true, reason: `response body is not valid JSON (${err.message})` };
  if (err instanceof TypeError && /terminated|other side closed|ECONNRESET/i.test(`${err.message} ${String(err.cause)}`)) {
    return { retryable: true, reason: 'connection dropped while reading the response body' };
  }
  return undefined;
}

/** The innermost cause says what happened ("connect ECONNREFUSED ...", "other side closed"). */
function connectionDetail(err: Error): string {
  let inner: unknown = err;
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause;
  return (inner as Error).message;
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * The server's Retry-After when it gives one (capped, so a hostile value cannot stall a run),
 * else exponential backoff with "equal jitter" (half fixed, half drawn) so clients that failed
 * together do not retry together.
 */
export function retryDelayMs(attempt: number, failure: Failure, opts: { retryBaseMs: number; maxRetryAfterMs: number }, rng: Rng): number {
  if (failure.retryAfterMs !== undefined) return Math.min(failure.retryAfterMs, opts.maxRetryAfterMs);
  const ceiling = Math.min(opts.retryBaseMs * 2 ** attempt, MAX_BACKOFF_MS);
  return Math.round(ceiling / 2 + rng.next() * (ceiling / 2));
}

/** Removes the key (and anything shaped like an OpenAI key) from text that may reach a log or error. */
export function redactSecrets(text: string, secret: string | undefined): string {
  let out = text;
  if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out.replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]');
}

/** Every string inside a JSON value with the key removed, as redactSecrets does for one string. */
export function redactDeep(value: unknown, secret: string | undefined): unknown {
  if (typeof value === 'string') return redactSecrets(value, secret);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secret));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, redactSecrets(k, secret), { value: redactDeep(v, secret), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
