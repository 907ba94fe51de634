import { describe, expect, it } from 'vitest';
import { expectOpaqueId, loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure } = await loadToolkitHarness('data_generation');
const SESSIONS = 'ds_5813114ba4a3';
const CUSTOMERS = 'ds_28b8786c6d41';

const people = (name: string, seed: number, rows = 20) => ({
  name,
  rows,
  seed,
  fields: [
    { name: 'who', kind: 'name' },
    { name: 'age', kind: 'integer', min: 18, max: 30 },
    { name: 'joined', kind: 'date' },
  ],
});

describe('data_generation toolkit', () => {
  it('creates a dataset whose rows follow the field kinds and bounds', () => {
    const created = ok('gen_create_dataset', people('team', 3));
    expect(created.result).toMatchObject({ name: 'team', row_count: 20, fields: ['who', 'age', 'joined'] });
    const { rows } = ok('gen_sample_rows', { dataset_id: created.result.dataset_id, count: 50 }, created.state).result;
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(row.who).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(row.age).toBeGreaterThanOrEqual(18);
      expect(row.age).toBeLessThanOrEqual(30);
      expect(row.joined).toMatch(/^20(1[5-9]|2[0-4])-\d\d-\d\d$/);
    }
  });

  it('gives the same rows for the same seed and fields, other rows for another seed', () => {
    const sample = (seed: number, name: string) => {
      const c = ok('gen_create_dataset', people(name, seed));
      return ok('gen_sample_rows', { dataset_id: c.result.dataset_id, count: 5 }, c.state).result.rows;
    };
    expect(sample(3, 'a')).toEqual(sample(3, 'b'));
    expect(sample(3, 'a')).not.toEqual(sample(4, 'a'));
  });

  it('rejects taken names, duplicate fields and impossible bounds', () => {
    expect(fails('gen_create_dataset', people('web_sessions', 1))).toMatch(/already exists/);
    expect(
      fails('gen_create_dataset', {
        name: 'x',
        rows: 5,
        seed: 1,
        fields: [
          { name: 'a', kind: 'name' },
          { name: 'a', kind: 'uuid' },
        ],
      }),
    ).toMatch(/twice/);
    expect(fails('gen_create_dataset', { name: 'x', rows: 5, seed: 1, fields: [{ name: 'a', kind: 'integer', min: 9, max: 3 }] })).toMatch(/above max/);
    expect(fails('gen_create_dataset', { name: 'x', rows: 5, seed: 1, fields: [{ name: 'a', kind: 'city', min: 1 }] })).toMatch(/only integer and decimal/);
    expect(fails('gen_create_dataset', { name: 'Bad Name', rows: 5, seed: 1, fields: [{ name: 'a', kind: 'uuid' }] })).toMatch(/not a valid dataset name/);
  });

  it('lists datasets by name and samples from an offset up to the end', () => {
    const listed = ok('gen_list_datasets', { name_contains: 'SESSION' }).result.datasets;
    expect(listed).toEqual([{ dataset_id: SESSIONS, name: 'web_sessions', row_count: 1000, fields: ['session', 'duration', 'converted', 'country'] }]);
    expect(ok('gen_sample_rows', { dataset_id: SESSIONS, count: 10, offset: 997 }).result).toMatchObject({ offset: 997, returned: 3 });
    expect(fails('gen_sample_rows', { dataset_id: SESSIONS, count: 1, offset: 1000 })).toMatch(/past the end.*1000 rows/);
    expect(fails('gen_sample_rows', { dataset_id: 'ds_unknown', count: 1 })).toMatch(/No dataset/);
  });

  it('describes every field with statistics fitting its kind', () => {
    const { result } = ok('gen_describe_dataset', { dataset_id: SESSIONS });
    expect(result).toMatchObject({ name: 'web_sessions', row_count: 1000, seed: 7 });
    const [session, duration, converted, country] = result.fields;
    expect(session).toMatchObject({ kind: 'uuid', distinct: 1000 });
    expect(duration.min).toBeGreaterThanOrEqual(5);
    expect(duration.max).toBeLessThanOrEqual(1800);
    expect(converted.true_share).toBeGreaterThan(0.4);
    expect(converted.true_share).toBeLessThan(0.6);
    expect(country.distinct).toBe(8);
  });

  it('merges datasets with identical fields and keeps the rows of a deleted part', () => {
    const a = ok('gen_create_dataset', people('a', 1, 3));
    const b = ok('gen_create_dataset', people('b', 2, 4), a.state);
    const merged = ok('gen_merge_datasets', { first_id: a.result.dataset_id, second_id: b.result.dataset_id, name: 'ab' }, b.state);
    expect(merged.result.row_count).toBe(7);
    const secondOfB = ok('gen_sample_rows', { dataset_id: b.result.dataset_id, count: 1, offset: 1 }, merged.state).result.rows[0];
    const gone = ok('gen_delete_dataset', { dataset_id: b.result.dataset_id }, merged.state);
    expect(gone.result).toEqual({ deleted: b.result.dataset_id, name: 'b' });
    expect(ok('gen_sample_rows', { dataset_id: merged.result.dataset_id, count: 1, offset: 4 }, gone.state).result.rows[0]).toEqual(secondOfB);
    expect(fails('gen_merge_datasets', { first_id: SESSIONS, second_id: CUSTOMERS, name: 'mix' })).toMatch(/Cannot merge/);
    expect(fails('gen_merge_datasets', { first_id: SESSIONS, second_id: SESSIONS, name: 'mix' })).toMatch(/same dataset/);
    expect(fails('gen_delete_dataset', { dataset_id: 'ds_unknown' })).toMatch(/No dataset/);
  });

  it('exports a dataset with its size and a checksum that depends on the format', () => {
    const csv = ok('gen_export_dataset', { dataset_id: CUSTOMERS, format: 'csv' });
    const json = ok('gen_export_dataset', { dataset_id: CUSTOMERS, format: 'json' });
    expectOpaqueId(csv.result.export_id, 'exp');
    expect(csv.result.size_bytes).toBeGreaterThan(200 * 30);
    expect(csv.result.checksum).not.toBe(json.result.checksum);
    expect((csv.state.exports as Record<string, unknown>)[csv.result.export_id]).toMatchObject({ dataset_id: CUSTOMERS, format: 'csv' });
  });

  it('generates ids, passwords and profiles from a seed', () => {
    const ids = ok('gen_generate_ids', { count: 4, prefix: 'user', seed: 9 }).result.ids;
    expect(new Set(ids).size).toBe(4);
    expectOpaqueId(ids[0], 'user');
    expect(ok('gen_generate_ids', { count: 4, prefix: 'user', seed: 10 }).result.ids[0]).not.toBe(ids[0]);
    expect(fails('gen_generate_ids', { count: 1, prefix: 'User-', seed: 1 })).toMatch(/lowercase letters/);

    const pw = ok('gen_generate_password', { length: 16, seed: 5 }).result;
    expect(pw.password).toHaveLength(16);
    expect(pw.password).toMatch(/[a-z]/);
    expect(pw.password).toMatch(/[A-Z]/);
    expect(pw.password).toMatch(/[0-9]/);
    expect(pw.password).toMatch(/[^A-Za-z0-9]/);
    expect(ok('gen_generate_password', { length: 16, seed: 5, symbols: false }).result.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(fails('gen_generate_password', { length: 6, seed: 5 })).toMatch(/between 8 and 128/);

    const profile = ok('gen_fake_profile', { seed: 3, country: 'kenya' }).result;
    expect(profile.country).toBe('Kenya');
    expect(['Mombasa', 'Kisumu']).toContain(profile.city);
    expect(profile.email).toMatch(/@/);
    expect(fails('gen_fake_profile', { seed: 3, country: 'Atlantis' })).toMatch(/Available: Portugal/);
  });

  it('gives opaque dataset ids that differ by input and do not reveal it', () => {
    const a = ok('gen_create_dataset', people('alpha_team', 1)).result.dataset_id;
    const b = ok('gen_create_dataset', people('beta_team', 1)).result.dataset_id;
    expect(a).not.toBe(b);
    expectOpaqueId(a, 'ds', 'alpha');
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['gen_create_dataset', people('team', 3)]);
    expect(ok('gen_fake_profile', { seed: 8 }).result).toEqual(ok('gen_fake_profile', { seed: 8 }).result);
  });
});
