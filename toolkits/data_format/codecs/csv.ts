import { CodecError, coerce, isRecord, lineAt, type Json } from './codec.ts';

/** CSV: a header row and records of plain values. */

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteLine = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = lineAt(text, i);
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (quoted) throw new CodecError('invalid CSV: a quoted field is never closed', quoteLine);
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

export function parseCsv(text: string): Json {
  const rows = csvRows(text);
  const blank = (r: string[]) => r.length === 1 && r[0]!.trim() === '';
  const header = rows[0];
  if (!header || blank(header)) throw new CodecError('invalid CSV: there is no header row', 1);
  const names = header.map((h) => h.trim());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new CodecError(`invalid CSV: the header names "${dup}" twice`, 1);
  const records: Json[] = [];
  rows.slice(1).forEach((r, i) => {
    if (blank(r)) return;
    if (r.length !== names.length) throw new CodecError(`invalid CSV: row has ${r.length} fields but the header has ${names.length}`, i + 2);
    records.push(Object.fromEntries(names.map((n, k) => [n, coerce(r[k]!)])));
  });
  return records;
}

/** Paths under a value that hold lists of records, to suggest what to extract before a CSV conversion. */
function recordLists(value: Json, at = '', depth = 0): string[] {
  if (Array.isArray(value)) return value.length && value.every(isRecord) ? [at || '(top level)'] : [];
  if (!isRecord(value) || depth > 3) return [];
  return Object.entries(value).flatMap(([k, v]) => recordLists(v, at ? `${at}.${k}` : k, depth + 1));
}

export function toCsv(value: Json): string {
  const hint = () => {
    const lists = recordLists(value);
    return lists.length ? ` Extract one of these fields first: ${lists.join(', ')}.` : '';
  };
  if (!Array.isArray(value) || !value.every(isRecord)) throw new CodecError(`CSV needs a list of flat records at the top level.${hint()}`);
  const names: string[] = [];
  for (const rec of value as Record<string, Json>[]) {
    for (const [k, v] of Object.entries(rec)) {
      if (v !== null && typeof v === 'object') throw new CodecError(`CSV cells hold plain values, but field "${k}" holds ${Array.isArray(v) ? 'a list' : 'an object'}.`);
      if (!names.includes(k)) names.push(k);
    }
  }
  const cell = (v: Json | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [names.map(cell).join(','), ...(value as Record<string, Json>[]).map((r) => names.map((n) => cell(r[n])).join(','))].join('\n');
}
