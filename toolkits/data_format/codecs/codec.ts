/** What every codec shares: the JSON value in between formats and the error a bad document gives. */

export type Format = 'json' | 'csv' | 'yaml' | 'xml';
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A document that does not parse, or a value a format cannot represent; line is 1-based when known. */
export class CodecError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `${message} (line ${line})`);
  }
}

export const isRecord = (v: unknown): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const lineAt = (text: string, pos: number): number => text.slice(0, pos).split('\n').length;

/** CSV and XML carry only text; numbers and booleans written plainly come back as such. */
export function coerce(text: string): Json {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9]\d*)(\.\d+)?$/.test(text)) return Number(text);
  return text;
}
