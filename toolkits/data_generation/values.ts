import { rngFromInts, type Rng } from '../../pipeline/toolkit-api.ts';

/** The word lists every generated value is drawn from; they live in the toolkit state, so a task can swap them. */
export interface Vocabulary {
  first_names: string[];
  last_names: string[];
  email_domains: string[];
  companies: string[];
  countries: string[];
  cities: { name: string; country: string }[];
}

export type FieldKind = 'name' | 'email' | 'phone' | 'city' | 'country' | 'company' | 'integer' | 'decimal' | 'date' | 'boolean' | 'uuid';

export interface Field {
  name: string;
  kind: FieldKind;
  min?: number;
  max?: number;
}

export type Cell = string | number | boolean;

/** A generated dataset, or a merge that keeps copies of its parts so deleting a part leaves it intact. */
export interface Dataset {
  name: string;
  seed: number | null;
  rows: number;
  fields: Field[];
  parts?: Dataset[];
}

const DAY_MS = 86_400_000;

/** A calendar date between two years inclusive, as YYYY-MM-DD (pure UTC arithmetic, no clock). */
export function dateBetween(rng: Rng, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const days = Math.round((Date.UTC(toYear, 11, 31) - start) / DAY_MS);
  return new Date(start + rng.int(0, days) * DAY_MS).toISOString().slice(0, 10);
}

function hex(rng: Rng, n: number): string {
  return Array.from({ length: n }, () => rng.int(0, 15).toString(16)).join('');
}

export function phone(rng: Rng): string {
  return `+1-555-${rng.int(100, 999)}-${rng.int(1000, 9999)}`;
}

export function email(rng: Rng, vocab: Vocabulary, first = rng.pick(vocab.first_names), last = rng.pick(vocab.last_names)): string {
  return `${first}.${last}${rng.int(1, 99)}@${rng.pick(vocab.email_domains)}`.toLowerCase();
}

function cell(field: Field, rng: Rng, vocab: Vocabulary): Cell {
  const min = field.min ?? 0;
  const max = field.max ?? 100;
  switch (field.kind) {
    case 'name':
      return `${rng.pick(vocab.first_names)} ${rng.pick(vocab.last_names)}`;
    case 'email':
      return email(rng, vocab);
    case 'phone':
      return phone(rng);
    case 'city':
      return rng.pick(vocab.cities).name;
    case 'country':
      return rng.pick(vocab.countries);
    case 'company':
      return rng.pick(vocab.companies);
    case 'integer':
      return rng.int(Math.ceil(min), Math.floor(max));
    case 'decimal':
      return Math.round((min + rng.next() * (max - min)) * 100) / 100;
    case 'date':
      return dateBetween(rng, 2015, 2024);
    case 'boolean':
      return rng.next() < 0.5;
    case 'uuid': {
      const h = hex(rng, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`;
    }
  }
}

/** Row i of a dataset: a function of the seed, the fields and i only, so rows never need to be stored. */
export function rowAt(ds: Dataset, i: number, vocab: Vocabulary): Record<string, Cell> {
  if (ds.parts) {
    let rest = i;
    for (const part of ds.parts) {
      if (rest < part.rows) return rowAt(part, rest, vocab);
      rest -= part.rows;
    }
    throw new RangeError(`row ${i} is beyond a merged dataset of ${ds.rows} rows`);
  }
  const rng = rngFromInts(ds.seed ?? 0, i);
  return Object.fromEntries(ds.fields.map((f) => [f.name, cell(f, rng, vocab)]));
}

/**
 * Rows are a pure function of the dataset spec and the vocabulary, so whole datasets are memoised:
 * describing or exporting the same dataset again (replays, evolution, evaluation) costs nothing.
 */
const rowCache = new Map<string, readonly Record<string, Cell>[]>();
const ROW_CACHE_ENTRIES = 64;

export function allRows(ds: Dataset, vocab: Vocabulary): readonly Record<string, Cell>[] {
  const key = JSON.stringify([ds, vocab]);
  let rows = rowCache.get(key);
  if (!rows) {
    rows = Object.freeze(Array.from({ length: ds.rows }, (_, i) => Object.freeze(rowAt(ds, i, vocab))));
    if (rowCache.size >= ROW_CACHE_ENTRIES) rowCache.delete(rowCache.keys().next().value!);
    rowCache.set(key, rows);
  }
  return rows;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Per-field statistics over every row of a dataset. */
export function describeField(field: Field, values: Cell[]): Record<string, unknown> {
  const head = { name: field.name, kind: field.kind };
  if (field.kind === 'integer' || field.kind === 'decimal') {
    const nums = values as number[];
    return { ...head, min: Math.min(...nums), max: Math.max(...nums), mean: round(nums.reduce((s, v) => s + v, 0) / nums.length, 2) };
  }
  if (field.kind === 'date') {
    const sorted = [...(values as string[])].sort();
    return { ...head, earliest: sorted[0], latest: sorted[sorted.length - 1] };
  }
  if (field.kind === 'boolean') return { ...head, true_share: round(values.filter(Boolean).length / values.length, 3) };
  const counts = new Map<string, number>();
  for (const v of values as string[]) counts.set(v, (counts.get(v) ?? 0) + 1);
  const [most_common] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
  return { ...head, distinct: counts.size, most_common };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const SYMBOLS = '!@#$%^&*-_=+?';

/** A password with every requested character class present, shuffled so their positions are not fixed. */
export function password(rng: Rng, length: number, symbols: boolean): { password: string; entropy_bits: number; strength: string } {
  const classes = symbols ? [LOWER, UPPER, DIGITS, SYMBOLS] : [LOWER, UPPER, DIGITS];
  const pool = classes.join('');
  const chars = classes.map((c) => c[rng.int(0, c.length - 1)]!);
  while (chars.length < length) chars.push(pool[rng.int(0, pool.length - 1)]!);
  const entropy_bits = round(length * Math.log2(pool.length), 1);
  const strength = entropy_bits < 50 ? 'weak' : entropy_bits < 70 ? 'fair' : entropy_bits < 100 ? 'strong' : 'very strong';
  return { password: rng.shuffle(chars).join(''), entropy_bits, strength };
}
