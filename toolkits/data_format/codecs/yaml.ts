import { parseDocument, stringify as stringifyYaml } from 'yaml';
import { CodecError, type Json } from './codec.ts';

export function parseYaml(text: string): Json {
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first) throw new CodecError(`invalid YAML: ${first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, first.linePos?.[0].line);
  return (doc.toJS() ?? null) as Json;
}

export function toYaml(value: Json, indent: number): string {
  return stringifyYaml(value, { indent: Math.max(indent, 1) }).replace(/\n$/, '');
}
