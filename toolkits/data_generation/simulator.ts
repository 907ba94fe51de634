import { defineSimulator, rngFor, sha256, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';
import { allRows, dateBetween, describeField, email, password, phone, rowAt, type Cell, type Dataset, type Field, type Vocabulary } from './values.ts';

interface ExportRecord {
  dataset_id: string;
  format: 'csv' | 'json';
  size_bytes: number;
  checksum: string;
}
interface GenState {
  counter: number;
  vocabulary: Vocabulary;
  datasets: Record<string, Dataset>;
  exports: Record<string, ExportRecord>;
}

const NAME = /^[a-z][a-z0-9_]{0,39}$/;
const NUMERIC = new Set(['integer', 'decimal']);

function datasetOf(state: GenState, id: string, ctx: SimContext): Dataset {
  // Own keys only: an id such as "constructor" must not find Object.prototype's members.
  const ds = Object.hasOwn(state.datasets, id) ? state.datasets[id] : undefined;
  if (!ds) return ctx.fail(`No dataset with id "${id}"; list datasets to find a valid id.`);
  return ds;
}

function checkNewName(state: GenState, name: string, ctx: SimContext): void {
  if (!NAME.test(name)) ctx.fail(`"${name}" is not a valid dataset name: use lowercase letters, digits and underscores, starting with a letter.`);
  const taken = Object.entries(state.datasets).find(([, d]) => d.name === name);
  if (taken) ctx.fail(`A dataset named "${name}" already exists (id ${taken[0]}); choose another name or delete it first.`);
}

function checkFields(fields: Field[], ctx: SimContext): void {
  const seen = new Set<string>();
  for (const f of fields) {
    if (!NAME.test(f.name)) ctx.fail(`"${f.name}" is not a valid field name: use lowercase letters, digits and underscores.`);
    if (seen.has(f.name)) ctx.fail(`Field "${f.name}" is listed twice.`);
    seen.add(f.name);
    const bounded = f.min !== undefined || f.max !== undefined;
    if (bounded && !NUMERIC.has(f.kind)) ctx.fail(`Field "${f.name}" is ${f.kind}; only integer and decimal fields take min and max.`);
    if ((f.min ?? 0) > (f.max ?? 100)) ctx.fail(`Field "${f.name}" has min ${f.min ?? 0} above max ${f.max ?? 100}.`);
    if (f.kind === 'integer' && Math.ceil(f.min ?? 0) > Math.floor(f.max ?? 100)) ctx.fail(`Field "${f.name}" has no integer between min and max.`);
  }
}

const csvCell = (v: Cell): string => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

function serialise(ds: Dataset, rows: readonly Record<string, Cell>[], format: 'csv' | 'json'): string {
  if (format === 'json') return JSON.stringify(rows);
  const names = ds.fields.map((f) => f.name);
  return [names.join(','), ...rows.map((r) => names.map((n) => csvCell(r[n]!)).join(','))].join('\n');
}

const sameFields = (a: Field[], b: Field[]): boolean => a.length === b.length && a.every((f, i) => f.name === b[i]!.name && f.kind === b[i]!.kind);

export const simulator = defineSimulator<Args>('data_generation', {
  gen_create_dataset(state: GenState, args, ctx) {
    checkNewName(state, args.name, ctx);
    checkFields(args.fields, ctx);
    state.counter += 1;
    const dataset_id = ctx.id('ds', args.name, args.seed, args.rows, args.fields, state.counter);
    state.datasets[dataset_id] = { name: args.name, seed: args.seed, rows: args.rows, fields: args.fields };
    return { dataset_id, name: args.name, row_count: args.rows, fields: args.fields.map((f) => f.name) };
  },

  gen_list_datasets(state: GenState, args) {
    const needle = (args.name_contains ?? '').toLowerCase();
    return {
      datasets: Object.entries(state.datasets)
        .filter(([, d]) => d.name.toLowerCase().includes(needle))
        .map(([dataset_id, d]) => ({ dataset_id, name: d.name, row_count: d.rows, fields: d.fields.map((f) => f.name) })),
    };
  },

  gen_sample_rows(state: GenState, args, ctx) {
    const ds = datasetOf(state, args.dataset_id, ctx);
    const offset = args.offset ?? 0;
    if (offset >= ds.rows) ctx.fail(`Offset ${offset} is past the end of "${ds.name}", which has ${ds.rows} rows (offsets 0 to ${ds.rows - 1}).`);
    const end = Math.min(ds.rows, offset + args.count);
    const rows = Array.from({ length: end - offset }, (_, k) => rowAt(ds, offset + k, state.vocabulary));
    return { rows, offset, returned: rows.length };
  },

  gen_describe_dataset(state: GenState, args, ctx) {
    const ds = datasetOf(state, args.dataset_id, ctx);
    const rows = allRows(ds, state.vocabulary);
    return {
      dataset_id: args.dataset_id,
      name: ds.name,
      row_count: ds.rows,
      seed: ds.seed,
      fields: ds.fields.map((f) =>
        describeField(
          f,
          rows.map((r) => r[f.name]!),
        ),
      ),
    };
  },

  gen_merge_datasets(state: GenState, args, ctx) {
    if (args.first_id === args.second_id) ctx.fail('first_id and second_id are the same dataset; give two different datasets.');
    const first = datasetOf(state, args.first_id, ctx);
    const second = datasetOf(state, args.second_id, ctx);
    if (!sameFields(first.fields, second.fields)) {
      const show = (d: Dataset) => d.fields.map((f) => `${f.name}:${f.kind}`).join(', ');
      ctx.fail(`Cannot merge: "${first.name}" has fields [${show(first)}] but "${second.name}" has [${show(second)}].`);
    }
    checkNewName(state, args.name, ctx);
    const rows = first.rows + second.rows;
    if (rows > 10_000) ctx.fail(`A merged dataset may hold at most 10000 rows; these two hold ${rows}.`);
    state.counter += 1;
    const dataset_id = ctx.id('ds', args.name, args.first_id, args.second_id, state.counter);
    state.datasets[dataset_id] = { name: args.name, seed: null, rows, fields: first.fields, parts: structuredClone([first, second]) };
    return { dataset_id, name: args.name, row_count: rows };
  },

  gen_delete_dataset(state: GenState, args, ctx) {
    const ds = datasetOf(state, args.dataset_id, ctx);
    delete state.datasets[args.dataset_id];
    return { deleted: args.dataset_id, name: ds.name };
  },

  gen_export_dataset(state: GenState, args, ctx) {
    const ds = datasetOf(state, args.dataset_id, ctx);
    const text = serialise(ds, allRows(ds, state.vocabulary), args.format);
    state.counter += 1;
    const export_id = ctx.id('exp', args.dataset_id, args.format, state.counter);
    const record: ExportRecord = { dataset_id: args.dataset_id, format: args.format, size_bytes: Buffer.byteLength(text, 'utf8'), checksum: sha256(text).slice(0, 16) };
    state.exports[export_id] = record;
    return { export_id, ...record };
  },

  gen_generate_ids(_state: GenState, args, ctx) {
    if (!/^[a-z]{1,12}$/.test(args.prefix)) ctx.fail(`The prefix "${args.prefix}" must be 1 to 12 lowercase letters.`);
    return { ids: Array.from({ length: args.count }, (_, i) => ctx.id(args.prefix, 'ids', args.seed, i)) };
  },

  gen_generate_password(_state: GenState, args, ctx) {
    if (args.length < 8 || args.length > 128) ctx.fail(`A password length must be between 8 and 128; got ${args.length}.`);
    const symbols = args.symbols ?? true;
    return password(rngFor('password', args.seed, args.length, String(symbols)), args.length, symbols);
  },

  gen_fake_profile(state: GenState, args, ctx) {
    const vocab = state.vocabulary;
    const country = args.country === undefined ? undefined : vocab.countries.find((c) => c.toLowerCase() === args.country!.toLowerCase());
    if (args.country !== undefined && !country) ctx.fail(`No profiles for country "${args.country}". Available: ${vocab.countries.join(', ')}.`);
    const rng = rngFor('profile', args.seed, country ?? '');
    const cities = vocab.cities.filter((c) => country === undefined || c.country === country);
    if (cities.length === 0) ctx.fail(`The vocabulary has no cities in ${country}; add some to vocabulary.cities.`);
    const city = rng.pick(cities);
    const first = rng.pick(vocab.first_names);
    const last = rng.pick(vocab.last_names);
    return {
      name: `${first} ${last}`,
      username: `${first}${last.slice(0, 3)}${rng.int(10, 99)}`.toLowerCase(),
      email: email(rng, vocab, first, last),
      phone: phone(rng),
      city: city.name,
      country: city.country,
      birth_date: dateBetween(rng, 1950, 2005),
      company: rng.pick(vocab.companies),
    };
  },
});
