import OpenAI from 'openai';
import pLimit, { type LimitFunction } from 'p-limit';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { EndpointError } from '../core/errors.ts';
import { silentLogger, type Logger } from '../core/log.ts';
import { rngFor } from '../core/rng.ts';
import { ResponseCache, cacheKey, type CachedResponse } from './cache.ts';
import { endpointId, resolveBaseUrl } from './endpoint.ts';
import { AttemptTimeout, MalformedResponse, classifyFailure, redactDeep, redactSecrets, retryDelayMs, type Failure } from './failures.ts';
import { jsonSchemaFormat, parseJsonReply } from './json-reply.ts';
import { checkReply } from './reply-shape.ts';

export interface LlmClientOptions {
  model: string;
  /** Default: $OPENAI_BASE_URL, else https://api.openai.com/v1; anything but an http(s) URL is a UserInputError. */
  baseURL?: string;
  /** Name of the env var holding the key (default OPENAI_API_KEY); local servers may need none. */
  apiKeyEnv?: string;
  /** One limit shared by every request of this client (default 8). */
  concurrency?: number;
  /** Per attempt, including reading the body (default 60_000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 5). */
  maxRetries?: number;
  /** First backoff step when the server gives no Retry-After (default 500). */
  retryBaseMs?: number;
  /** Cap on a server's Retry-After (default 60_000). */
  maxRetryAfterMs?: number;
  /** Default '.cache/llm' under cwd; null disables the cache. */
  cacheDir?: string | null;
  /** Circuit breaker: this many failed attempts in a row (retryable or not) stop every request (default 16). */
  maxConsecutiveFailures?: number;
  /** Circuit breaker: a failure this long after the last successful reply (or the first request) stops every request (default 300_000). */
  maxSilenceMs?: number;
  /** Send `response_format: json_schema` from json() (default true); turned off by itself when the endpoint refuses it. */
  structuredOutput?: boolean;
  logger?: Logger;
}

export interface ChatRequest {
  messages: OpenAI.Chat.ChatCompletionMessageParam[];
  tools?: OpenAI.Chat.ChatCompletionTool[];
  /** Default 0. */
  temperature?: number;
  maxTokens?: number;
  parallelToolCalls?: boolean;
  /** With temperature > 0, each sample index is its own cache entry (default 0). */
  sampleIndex?: number;
  /** `name@hash` of the prompt file used; part of the cache key. */
  promptId?: string;
  /** Default true; false neither reads nor writes the cache nor shares an in-flight request. */
  cache?: boolean;
}

export interface ChatResult {
  message: OpenAI.Chat.ChatCompletionMessage;
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number };
  /** Of the successful attempt; a cached result keeps the latency it was recorded with. */
  latencyMs: number;
  cached: boolean;
  /** What was wrong with the reply's shape and was repaired (see reply-shape.ts); such a reply is not cached. */
  issues: string[];
}

export interface JsonRequest<T> extends ChatRequest {
  schema: z.ZodType<T>;
  schemaName: string;
}

export interface LlmUsage {
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Calls answered from the disk cache or by sharing an identical in-flight request. */
  cachedResponses: number;
  /** Tokens and latency of network answers only (a cached answer costs nothing). */
  promptTokens: number;
  completionTokens: number;
  retries: number;
  totalLatencyMs: number;
}

type ResponseFormat = ReturnType<typeof jsonSchemaFormat>;

// 16 failures in a row: twice the default concurrency, so one burst of 429s from a busy endpoint does not stop a run.
const DEFAULTS = { apiKeyEnv: 'OPENAI_API_KEY', concurrency: 8, timeoutMs: 60_000, maxRetries: 5, retryBaseMs: 500, maxRetryAfterMs: 60_000, maxConsecutiveFailures: 16, maxSilenceMs: 300_000 };

/**
 * The circuit breaker has opened: the endpoint failed too often or too long, so this request and
 * every later one of the client are refused at once. Its message names the endpoint and the last failure.
 */
export class CircuitOpen extends EndpointError {}
// The SDK insists on a key; local servers ignore whatever is sent.
const PLACEHOLDER_KEY = 'no-key';

/**
 * The one chat client of the project (evaluation agent and data evolution): the official SDK
 * against any OpenAI-compatible endpoint, with our own retries (so Retry-After, jitter and
 * counting are ours), a shared concurrency limit, a content-addressed disk cache and
 * in-flight sharing of identical requests.
 */
export class LlmClient {
  readonly model: string;
  private readonly sdk: OpenAI;
  private readonly apiKey: string | undefined;
  private readonly endpoint: string;
  private readonly limit: LimitFunction;
  private readonly cache: ResponseCache | null;
  private readonly logger: Logger;
  private readonly opts: typeof DEFAULTS;
  private structuredOutput: boolean;
  private readonly inFlight = new Map<string, Promise<ChatResult>>();
  private readonly totals: LlmUsage = { requests: 0, cachedResponses: 0, promptTokens: 0, completionTokens: 0, retries: 0, totalLatencyMs: 0 };
  private consecutiveFailures = 0;
  /** performance.now() of the last successful reply, or of the first request before any. */
  private lastSuccessAt: number | undefined;
  private open: CircuitOpen | undefined;
  /** Fired when the breaker opens: cuts hung attempts and retry sleeps short. */
  private readonly stopped = new AbortController();

  constructor(options: LlmClientOptions) {
    this.opts = { ...DEFAULTS, ...definedOnly(options) };
    this.model = options.model;
    const baseURL = resolveBaseUrl(options.baseURL);
    this.endpoint = endpointId(baseURL);
    this.apiKey = process.env[this.opts.apiKeyEnv] || undefined;
    this.logger = options.logger ?? silentLogger;
    this.structuredOutput = options.structuredOutput ?? true;
    this.limit = pLimit(this.opts.concurrency);
    const cacheDir = options.cacheDir === undefined ? resolve('.cache/llm') : options.cacheDir;
    this.cache = cacheDir === null ? null : new ResponseCache(cacheDir, this.logger);
    // The SDK appends /chat/completions to the base as text, so a query (Azure's ?api-version=) would land before the path: it is sent as defaultQuery instead.
    const url = new URL(baseURL);
    const defaultQuery = url.search ? Object.fromEntries(url.searchParams) : undefined;
    url.search = '';
    this.sdk = new OpenAI({ baseURL: url.toString().replace(/\/$/, ''), defaultQuery, apiKey: this.apiKey ?? PLACEHOLDER_KEY, timeout: this.opts.timeoutMs, maxRetries: 0 });
  }

  chat(req: ChatRequest): Promise<ChatResult> {
    return this.complete(req, undefined);
  }

  /** Throws ModelReplyError (carrying the raw reply) when the reply is not JSON matching the schema. */
  async json<T>(req: JsonRequest<T>): Promise<ChatResult & { value: T }> {
    const { schema, schemaName, ...chatReq } = req;
    let result: ChatResult;
    if (this.structuredOutput) {
      try {
        result = await this.complete(chatReq, jsonSchemaFormat(schema, schemaName));
      } catch (err) {
        if (!refusesResponseFormat(err)) throw err;
        this.structuredOutput = false;
        this.logger.warn(`${this.endpoint} refuses response_format json_schema; asking for plain JSON text from now on`);
        result = await this.complete(chatReq, undefined);
      }
    } else {
      result = await this.complete(chatReq, undefined);
    }
    return { ...result, value: parseJsonReply(result.message.content, schema, schemaName) };
  }

  usage(): LlmUsage {
    return { ...this.totals };
  }

  private async complete(req: ChatRequest, responseFormat: ResponseFormat | undefined): Promise<ChatResult> {
    const temperature = req.temperature ?? 0;
    const key = cacheKey({
      endpoint: this.endpoint,
      model: this.model,
      messages: req.messages,
      tools: req.tools,
      temperature,
      maxTokens: req.maxTokens,
      parallelToolCalls: req.parallelToolCalls,
      responseFormat,
      sampleIndex: req.sampleIndex ?? 0,
      promptId: req.promptId,
    });
    const body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: req.messages,
      temperature,
      ...(req.tools?.length ? { tools: req.tools } : {}),
      ...(req.tools?.length && req.parallelToolCalls !== undefined ? { parallel_tool_calls: req.parallelToolCalls } : {}),
      ...(req.maxTokens !== undefined ? { max_tokens: req.maxTokens } : {}),
      ...(responseFormat ? { response_format: responseFormat } : {}),
    };
    if (req.cache === false) return this.fetchWithRetries(body, key);

    const shared = this.inFlight.get(key);
    if (shared) {
      const result = await shared;
      this.totals.cachedResponses++;
      // Each caller gets its own message object: agents append it to their own conversation.
      return { ...result, message: structuredClone(result.message), cached: true, issues: [...result.issues] };
    }
    const pending = this.cachedOrFetched(body, key, req.promptId);
    this.inFlight.set(key, pending);
    try {
      return await pending;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async cachedOrFetched(body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, key: string, promptId: string | undefined): Promise<ChatResult> {
    const hit = this.cache?.get(key);
    // An entry written before replies were checked may hold a broken reply: that is a miss, not a crash that repeats.
    if (hit && checkReply(hit.message as unknown as Record<string, unknown>, hit.finishReason).issues.length === 0) {
      this.totals.cachedResponses++;
      return { ...hit, cached: true, issues: [] };
    }
    const result = await this.fetchWithRetries(body, key);
    // A malformed reply is used once (and recorded as such) but never replayed from the cache.
    if (result.issues.length === 0) this.cache?.put(key, this.model, promptId, stored(result));
    return result;
  }

  /** Set once the circuit breaker has opened; every request then fails with it at once. */
  circuitOpen(): CircuitOpen | undefined {
    return this.open;
  }

  private async fetchWithRetries(body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, key: string): Promise<ChatResult> {
    this.lastSuccessAt ??= performance.now();
    for (let attempt = 0; ; attempt++) {
      if (this.open) throw this.open;
      try {
        const result = await this.limit(() => {
          if (this.open) throw this.open;
          return this.attempt(body);
        });
        this.consecutiveFailures = 0;
        this.lastSuccessAt = performance.now();
        return result;
      } catch (err) {
        if (this.open) throw this.open;
        const failure = classifyFailure(err);
        if (failure === undefined) throw err;
        this.noteFailure(failure);
        if (!failure.retryable || attempt >= this.opts.maxRetries) throw this.endpointError(failure, attempt + 1);
        const delay = retryDelayMs(attempt, failure, this.opts, rngFor('llm-retry', key, attempt));
        this.totals.retries++;
        this.logger.warn(this.redact(`${this.model} at ${this.endpoint}: ${failure.reason}; retry ${attempt + 1}/${this.opts.maxRetries} in ${delay} ms`));
        await this.sleep(delay);
      }
    }
  }

  /** Counts a failed attempt and opens the breaker (throwing) when either limit is reached. */
  private noteFailure(failure: Failure): void {
    this.consecutiveFailures++;
    const silentMs = performance.now() - (this.lastSuccessAt ?? performance.now());
    let why: string | undefined;
    if (this.consecutiveFailures >= this.opts.maxConsecutiveFailures) why = `${this.consecutiveFailures} requests in a row failed`;
    else if (silentMs >= this.opts.maxSilenceMs) why = `no successful reply for ${Math.round(silentMs / 1000)} s`;
    if (why === undefined) return;
    this.open = new CircuitOpen(
      this.redact(
        `${this.model} at ${this.endpoint}: ${why} (last: ${failure.reason}); stopped by the circuit breaker (--max-consecutive-failures ${this.opts.maxConsecutiveFailures}, --max-silence ${Math.round(this.opts.maxSilenceMs / 1000)})`,
      ),
      failure.status,
    );
    this.stopped.abort();
    throw this.open;
  }

  /** A retry's wait, cut short when the breaker opens. */
  private sleep(ms: number): Promise<void> {
    const signal = this.stopped.signal;
    return new Promise((done) => {
      if (signal.aborted) return done();
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', finish);
        done();
      };
      const timer = setTimeout(finish, ms);
      signal.addEventListener('abort', finish, { once: true });
    });
  }

  private async attempt(body: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming): Promise<ChatResult> {
    this.totals.requests++;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.opts.timeoutMs);
    const started = performance.now();
    try {
      const completion = await this.sdk.chat.completions.create(body, { signal: AbortSignal.any([deadline.signal, this.stopped.signal]) });
      const latencyMs = performance.now() - started;
      const result = readCompletion(completion, latencyMs, this.apiKey);
      this.totals.promptTokens += result.usage.promptTokens;
      this.totals.completionTokens += result.usage.completionTokens;
      this.totals.totalLatencyMs += latencyMs;
      return result;
    } catch (err) {
      if (deadline.signal.aborted || err instanceof OpenAI.APIConnectionTimeoutError) throw new AttemptTimeout(`no complete response within ${this.opts.timeoutMs} ms`);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private endpointError(failure: Failure, attempts: number): EndpointError {
    const hint = failure.status === 401 || failure.status === 403 ? `; check the key in $${this.opts.apiKeyEnv}${this.apiKey ? '' : ' (it is not set)'}` : '';
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    return new EndpointError(this.redact(`${this.model} at ${this.endpoint}: ${failure.reason}${tries}${hint}`), failure.status);
  }

  private redact(text: string): string {
    return redactSecrets(text, this.apiKey);
  }
}

function readCompletion(completion: unknown, latencyMs: number, apiKey: string | undefined): ChatResult {
  const c = completion as Partial<OpenAI.Chat.ChatCompletion> | null;
  if (c === null || typeof c !== 'object') throw new MalformedResponse('response body is not a chat completion object');
  const choice = Array.isArray(c.choices) ? c.choices[0] : undefined;
  if (!choice) throw new MalformedResponse('response has an empty choice list');
  if (!choice.message || typeof choice.message !== 'object') throw new MalformedResponse('response choice has no message');
  const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  // The key never travels further than this: an endpoint that echoes it would otherwise put it in traces, reports and the cache.
  const { message, issues } = checkReply(redactDeep(choice.message, apiKey) as unknown as Record<string, unknown>, finishReason);
  return {
    message,
    finishReason,
    usage: { promptTokens: tokenCount(c.usage?.prompt_tokens), completionTokens: tokenCount(c.usage?.completion_tokens) },
    latencyMs,
    cached: false,
    issues,
  };
}

/** A usage count as the endpoint sent it, if it is one: a string or a negative number counts as 0. */
function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function stored(result: ChatResult): CachedResponse {
  return { message: result.message, finishReason: result.finishReason, usage: result.usage, latencyMs: result.latencyMs };
}

function refusesResponseFormat(err: unknown): boolean {
  return err instanceof EndpointError && (err.status === 400 || err.status === 422) && /response_format|json_schema|structured/i.test(err.message);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
