/**
 * A loopback OpenAI-compatible server for tests, benchmarks and demos. It answers
 * POST /v1/chat/completions in the OpenAI wire format from a script of replies (or a reply
 * function), injects the faults real endpoints produce, and records every chat request.
 *
 * `npx tsx tests/support/openai-server.ts [port] [delayMs]` runs it standalone (every reply "ok",
 * after delayMs) and prints its URL.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';

export type Fault =
  | 'rate_limit' /* 429 with Retry-After */
  | 'server_error' /* 500 */
  | 'unavailable' /* 503 */
  | 'hang' /* accepts the request and never answers */
  | 'reset' /* destroys the connection after reading the request */
  | 'invalid_json' /* 200 with a JSON content type and a body that is not JSON */
  | 'truncated' /* 200 whose body stops half-way and the connection drops */
  | 'empty_choices' /* 200 with `choices: []` */
  | 'bad_request' /* 400 mentioning response_format, as servers without structured output answer */
  | 'unauthorized' /* 401 echoing the bearer token, as the OpenAI API does (partially) */
  | 'hostile_text'; /* 500 whose message carries terminal escapes (OSC title, colour, BEL) and the bearer token */

export type ScriptedReply =
  | {
      kind: 'message';
      content?: string | null;
      toolCalls?: { name: string; arguments: string /* raw, may be malformed */; id?: string }[];
      finishReason?: string;
      usage?: { prompt_tokens: number; completion_tokens: number };
      /** Real delay before answering, for concurrency tests and benchmarks (not simulated latency). */
      delayMs?: number;
    }
  | { kind: 'fault'; fault: Fault; retryAfterSeconds?: number }
  /** A 200 whose choice message is exactly `message` (any shape, for malformed replies); `$AUTH` in a string becomes the request's bearer token. */
  | { kind: 'raw'; message: unknown; finishReason?: unknown; usage?: unknown };

export interface RecordedRequest {
  body: any;
  headers: Record<string, string>;
  /** The request target as sent: path and query. */
  url: string;
  /** performance.now() when the request body had arrived. */
  at: number;
}

export interface FakeServer {
  url: string /* http://127.0.0.1:PORT/v1 */;
  /** Chat completion requests only, in arrival order. */
  requests: RecordedRequest[];
  /** The most chat requests ever being answered at once. */
  readonly peakInFlight: number;
  enqueue(...replies: ScriptedReply[]): void;
  respondWith(fn: (body: any, index: number) => ScriptedReply): void;
  close(): Promise<void>;
}

const DEFAULT_REPLY: ScriptedReply = { kind: 'message', content: 'ok' };

export async function startFakeServer(port = 0): Promise<FakeServer> {
  const queue: ScriptedReply[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let responder: ((body: any, index: number) => ScriptedReply) | undefined;
  let inFlight = 0;
  let peakInFlight = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(err), type: 'server_error' } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && path === '/v1/models') {
      sendJson(res, 200, { object: 'list', data: [{ id: 'scripted-model', object: 'model', created: 0, owned_by: 'asynctool-tests' }] });
      return;
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
      return;
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      sendJson(res, 400, { error: { message: 'request body is not JSON', type: 'invalid_request_error' } });
      return;
    }
    const index = requests.length;
    requests.push({ body, headers: flatHeaders(req), url: req.url ?? '', at: performance.now() });
    if (body.stream) {
      sendJson(res, 400, { error: { message: 'this test server does not stream', type: 'invalid_request_error' } });
      return;
    }
    const reply = queue.shift() ?? responder?.(body, index) ?? DEFAULT_REPLY;
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.on('close', () => inFlight--);
    if (reply.kind === 'fault') {
      injectFault(reply, req, res);
      return;
    }
    if (reply.kind === 'raw') {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const message = JSON.parse(
        JSON.stringify(reply.message ?? null)
          .split('$AUTH')
          .join(token),
      );
      const choice = { index: 0, message, finish_reason: reply.finishReason ?? 'stop', logprobs: null };
      sendJson(res, 200, {
        id: `chatcmpl-${index}`,
        object: 'chat.completion',
        created: 0,
        model: body.model ?? 'scripted-model',
        choices: [choice],
        usage: reply.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      });
      return;
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    sendJson(res, 200, completion(reply, body, index));
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('test server has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    get peakInFlight() {
      return peakInFlight;
    },
    enqueue: (...replies) => void queue.push(...replies),
    respondWith: (fn) => void (responder = fn),
    close: () =>
      new Promise<void>((resolve) => {
        // Hung requests keep their sockets open; close() would otherwise wait for them forever.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function injectFault(reply: Extract<ScriptedReply, { kind: 'fault' }>, req: IncomingMessage, res: ServerResponse): void {
  switch (reply.fault) {
    case 'rate_limit':
      res.setHeader('retry-after', String(reply.retryAfterSeconds ?? 1));
      sendJson(res, 429, { error: { message: 'Rate limit reached, please retry later', type: 'requests', code: 'rate_limit_exceeded' } });
      return;
    case 'server_error':
      sendJson(res, 500, { error: { message: 'The server had an error while processing your request', type: 'server_error' } });
      return;
    case 'unavailable':
      if (reply.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(reply.retryAfterSeconds));
      sendJson(res, 503, { error: { message: 'The engine is currently overloaded', type: 'server_error' } });
      return;
    case 'hang':
      return;
    case 'reset':
      req.socket.destroy();
      return;
    case 'invalid_json':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "chatcmpl-broken", "choices": [ this is not json');
      return;
    case 'truncated': {
      const full = JSON.stringify(completion({ kind: 'message', content: 'cut short' }, {}, 0));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(full)) });
      res.write(full.slice(0, Math.floor(full.length / 2)));
      // Let the half body reach the client before the connection drops.
      setTimeout(() => req.socket.destroy(), 5);
      return;
    }
    case 'empty_choices':
      sendJson(res, 200, { id: 'chatcmpl-empty', object: 'chat.completion', created: 0, model: 'scripted-model', choices: [], usage: { prompt_tokens: 1, completion_tokens: 0, total_tokens: 1 } });
      return;
    case 'bad_request':
      sendJson(res, 400, {
        error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", type: 'invalid_request_error', param: 'response_format' },
      });
      return;
    case 'hostile_text': {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      sendJson(res, 500, { error: { message: `\u001b]0;pwned\u0007\u001b[31mred ${token}\u001b[0m\u0007`, type: 'server_error' } });
      return;
    }
    case 'unauthorized': {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      sendJson(res, 401, {
        error: { message: `Incorrect API key provided: ${token}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' },
      });
      return;
    }
  }
}

function completion(reply: Extract<ScriptedReply, { kind: 'message' }>, body: any, index: number): unknown {
  const toolCalls = reply.toolCalls?.map((call, i) => ({
    id: call.id ?? `call_${index}_${i}`,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  const usage = reply.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
  return {
    id: `chatcmpl-${index}`,
    object: 'chat.completion',
    created: 0,
    model: body.model ?? 'scripted-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.content ?? null, refusal: null, ...(toolCalls?.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: reply.finishReason ?? (toolCalls?.length ? 'tool_calls' : 'stop'),
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startFakeServer(Number(process.argv[2] ?? 0));
  const delayMs = Number(process.argv[3] ?? 0);
  server.respondWith(() => ({ kind: 'message', content: 'ok', delayMs }));
  process.stdout.write(`${server.url}\n`);
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
}
