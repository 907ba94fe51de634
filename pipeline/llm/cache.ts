import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type OpenAI from 'openai';
import { hashValue } from '../core/canonical.ts';
import { writeFileAtomic } from '../core/atomic.ts';
import type { Logger } from '../core/log.ts';

/** Everything that changes a model's answer, and nothing secret: the cache key is its hash. */
export interface CacheKeyFields {
  endpoint: string;
  model: string;
  messages: unknown;
  tools?: unknown;
  temperature: number;
  maxTokens?: number;
  parallelToolCalls?: boolean;
  responseFormat?: unknown;
  sampleIndex: number;
  promptId?: string;
}

/** A successful response as stored; failures are never stored. */
export interface CachedResponse {
  message: OpenAI.Chat.ChatCompletionMessage;
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number };
  latencyMs: number;
}

interface CacheEntry {
  version: typeof CACHE_VERSION;
  key: string;
  model: string;
  promptId?: string;
  response: CachedResponse;
}

// Bumped when the entry format or key fields change, so old entries are simply never hit.
const CACHE_VERSION = 1;

export function cacheKey(fields: CacheKeyFields): string {
  return hashValue({ cacheVersion: CACHE_VERSION, ...fields });
}

/**
 * Content-addressed responses under `<dir>/<2 hex>/<hash>.json`. Entries are written by atomic
 * rename, so a kill leaves either a whole entry or none, and concurrent writers of one key
 * (which write the same answer) cannot tear each other's file.
 */
export class ResponseCache {
  constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  pathFor(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): CachedResponse | undefined {
    const path = this.pathFor(key);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      // A folder or an unreadable file where an entry should be: a miss, said once, never a crash of the run.
      this.warnOnce(path, `cannot read LLM cache entry ${path} (${code === 'EISDIR' ? 'it is a folder' : code}); asking the endpoint instead`);
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry;
      if (entry.version === CACHE_VERSION && entry.key === key && entry.response?.message) return entry.response;
    } catch {
      // fall through: an unreadable entry is a miss, and the fresh answer replaces it
    }
    this.logger.warn(`ignoring unreadable LLM cache entry ${path}`);
    return undefined;
  }

  put(key: string, model: string, promptId: string | undefined, response: CachedResponse): void {
    const entry: CacheEntry = { version: CACHE_VERSION, key, model, ...(promptId ? { promptId } : {}), response };
    const path = this.pathFor(key);
    try {
      // No fsync on the request path: a cache entry lost or torn by a power cut is read back as a miss.
      writeFileAtomic(path, `${JSON.stringify(entry, null, 1)}\n`, { fsync: false });
    } catch (err) {
      // The answer is in hand: a cache that cannot be written (full disk, a folder in the way) costs a rerun its reuse, not this run.
      this.warnOnce(this.dir, `cannot write LLM cache entry ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); going on without caching`);
    }
  }

  private readonly warned = new Set<string>();

  private warnOnce(what: string, message: string): void {
    if (this.warned.has(what)) return;
    this.warned.add(what);
    this.logger.warn(message);
  }
}
