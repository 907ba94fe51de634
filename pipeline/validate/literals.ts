import { isRef } from '../world/refs.ts';

/** Literal strings and numbers inside an argument value (references excluded), with their JSON paths. */
export function literalValues(value: unknown, at = ''): { value: string | number; at: string }[] {
  if (isRef(value)) return [];
  if (typeof value === 'string') return value.trim() === '' ? [] : [{ value, at }];
  if (typeof value === 'number') return [{ value, at }];
  if (Array.isArray(value)) return value.flatMap((v, i) => literalValues(v, `${at}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => literalValues(v, `${at}.${k}`));
  return [];
}

/** Whether a query states a literal value: strings case-insensitively, numbers in their plain decimal form. */
export function queryMentions(query: string, value: string | number): boolean {
  const q = query.toLowerCase();
  if (typeof value === 'string') return q.includes(value.toLowerCase());
  const plain = String(value);
  if (q.includes(plain)) return true;
  // 12.50 in a query states 12.5; 3.0 states 3.
  return Number.isFinite(value) && [value.toFixed(1), value.toFixed(2)].some((f) => q.includes(f));
}

/**
 * Whether a query states a literal value as a person would write it: as queryMentions, or a code
 * value with underscores written with spaces or hyphens ("read-write access" for read_write, "the
 * rear left door" for rear_left). Only the literal check reads it; operators that rewrite a value's
 * text keep to queryMentions, so they never touch a value written in words.
 */
export function queryStates(query: string, value: string | number): boolean {
  if (queryMentions(query, value)) return true;
  if (typeof value !== 'string' || !/^[a-z]+(?:_[a-z]+)+$/i.test(value)) return false;
  return [' ', '-'].some((joint) => queryMentions(query, value.replace(/_/g, joint)));
}
