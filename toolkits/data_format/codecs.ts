import { toCsv, parseCsv } from './codecs/csv.ts';
import { parseJson } from './codecs/json.ts';
import { parseXml, toXml } from './codecs/xml.ts';
import { parseYaml, toYaml } from './codecs/yaml.ts';
import type { Format, Json } from './codecs/codec.ts';

export { CodecError, type Format, type Json } from './codecs/codec.ts';

/** Parsing and serialising JSON, CSV, YAML and a plain-element XML; every document is a JSON value in between. */
export function parse(text: string, format: Format): Json {
  switch (format) {
    case 'json':
      return parseJson(text);
    case 'csv':
      return parseCsv(text);
    case 'yaml':
      return parseYaml(text);
    case 'xml':
      return parseXml(text);
  }
}

export function serialise(value: Json, format: Format, indent = 2): string {
  switch (format) {
    case 'json':
      return JSON.stringify(value, null, indent);
    case 'csv':
      return toCsv(value);
    case 'yaml':
      return toYaml(value, indent);
    case 'xml':
      return toXml(value, indent);
  }
}
