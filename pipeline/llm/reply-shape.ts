import type OpenAI from 'openai';

/** A reply message made safe to use and to re-send, with what had to be fixed in it. */
export interface CheckedReply {
  message: OpenAI.Chat.ChatCompletionMessage;
  /** Empty for a well-formed reply; otherwise one sentence per problem (such a reply is never cached). */
  issues: string[];
}

type RawCall = { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } | null };

/**
 * Checks a 200 reply's message against the chat-completion shape and repairs what it can, so no
 * model output can crash the agent or the episode: content that is not a string becomes its JSON
 * text, tool calls without a function name are dropped, arguments that are not a string become
 * their JSON text (the episode then rejects anything but an object), missing or repeated call ids
 * are made unique, and a reply cut off by the token limit is flagged.
 */
export function checkReply(raw: Record<string, unknown>, finishReason: string | null): CheckedReply {
  const issues: string[] = [];
  let content: string | null;
  if (raw.content === undefined || raw.content === null || typeof raw.content === 'string') content = (raw.content as string | null | undefined) ?? null;
  else {
    issues.push(`content is ${kindOf(raw.content)}, not a string`);
    content = jsonText(raw.content);
  }
  const calls: OpenAI.Chat.ChatCompletionMessageToolCall[] = [];
  const rawCalls = raw.tool_calls;
  // null is how several servers say "no tool call"; anything else that is not a list is broken.
  if (rawCalls !== undefined && rawCalls !== null && !Array.isArray(rawCalls)) issues.push(`tool_calls is ${kindOf(rawCalls)}, not a list`);
  const seen = new Set<string>();
  (Array.isArray(rawCalls) ? (rawCalls as unknown[]) : []).forEach((value, i) => {
    const call = (value !== null && typeof value === 'object' ? value : {}) as RawCall;
    const fn = call.function !== null && typeof call.function === 'object' ? call.function : undefined;
    if (call.type !== undefined && call.type !== 'function') return void issues.push(`tool_calls[${i}] has type ${JSON.stringify(call.type)}, not "function"; dropped`);
    if (!fn || typeof fn.name !== 'string' || fn.name === '') return void issues.push(`tool_calls[${i}] names no function; dropped`);
    let args: string;
    if (typeof fn.arguments === 'string') args = fn.arguments;
    else if (fn.arguments === undefined) args = '';
    else {
      issues.push(`tool_calls[${i}].function.arguments is ${kindOf(fn.arguments)}, not a JSON string`);
      args = jsonText(fn.arguments);
    }
    let id = typeof call.id === 'string' && call.id !== '' ? call.id : undefined;
    if (id === undefined) issues.push(`tool_calls[${i}] has no id`);
    else if (seen.has(id)) issues.push(`tool_calls[${i}] repeats the id ${JSON.stringify(id)}`);
    // Every tool result must answer exactly one call, so ids are made unique.
    let unique = id ?? `call_${i}`;
    for (let n = 2; seen.has(unique); n++) unique = `${id ?? `call_${i}`}_${n}`;
    id = unique;
    seen.add(id);
    calls.push({ id, type: 'function', function: { name: fn.name, arguments: args } });
  });
  if (finishReason === 'length') issues.push('the reply was cut off at the token limit (finish_reason "length")');
  const message: OpenAI.Chat.ChatCompletionMessage = { role: 'assistant', content, refusal: typeof raw.refusal === 'string' ? raw.refusal : null };
  if (calls.length > 0) message.tool_calls = calls;
  return { message, issues };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** JSON text of any value a reply can hold; never throws (JSON.parse gives no cycles or BigInts). */
function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
