import { describe, expect, it } from 'vitest';
import { expectOpaqueId, loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, expectPure } = await loadToolkitHarness('string_manipulation');
const MINUTES = 'doc_063e4e960d5a';

const result = (fn: string, args: Record<string, unknown>) => ok(fn, args).result;

describe('string_manipulation toolkit', () => {
  it('converts between case styles, splitting camelCase humps for identifier styles', () => {
    const text = 'total orderCount per-region';
    expect(result('str_change_case', { text, style: 'snake' }).result).toBe('total_order_count_per_region');
    expect(result('str_change_case', { text, style: 'kebab' }).result).toBe('total-order-count-per-region');
    expect(result('str_change_case', { text, style: 'camel' }).result).toBe('totalOrderCountPerRegion');
    expect(result('str_change_case', { text: 'the END. a start', style: 'title' }).result).toBe('The End. A Start');
    expect(result('str_change_case', { text: 'the END. a start', style: 'sentence' }).result).toBe('The end. A start');
    expect(result('str_change_case', { text: 'Straße', style: 'upper' }).result).toBe('STRASSE');
  });

  it('replaces literally, with a case switch and a cap on the count', () => {
    expect(result('str_replace_text', { text: 'a.b.c', find: '.', replace: '-' })).toEqual({ result: 'a-b-c', replacements: 2 });
    expect(result('str_replace_text', { text: 'Cat cat CAT', find: 'cat', replace: 'dog', ignore_case: true, max_count: 2 })).toEqual({ result: 'dog dog CAT', replacements: 2 });
    expect(result('str_replace_text', { text: 'abc', find: 'x', replace: 'y' })).toEqual({ result: 'abc', replacements: 0 });
    expect(fails('str_replace_text', { text: 'abc', find: '', replace: 'y' })).toMatch(/must not be empty/);
  });

  it('splits with or without trimming, and joins', () => {
    expect(result('str_split_text', { text: 'a; b;;c ', separator: ';' })).toEqual({ parts: ['a', 'b', 'c'], count: 3 });
    expect(result('str_split_text', { text: 'a; b;;c', separator: ';', trim: false }).parts).toEqual(['a', ' b', '', 'c']);
    expect(fails('str_split_text', { text: 'abc', separator: '' })).toMatch(/must not be empty/);
    expect(result('str_join_parts', { parts: ['x', 'y', 'z'], separator: ' / ' }).result).toBe('x / y / z');
  });

  it('counts words, distinct words, characters and sentences', () => {
    expect(result('str_count_words', { text: "It's late. It's dark!" })).toEqual({ words: 4, unique_words: 3, characters: 21, characters_no_spaces: 18, sentences: 2 });
    expect(result('str_count_words', { text: '   ' })).toMatchObject({ words: 0, sentences: 0 });
    // A log line as a person counts it: the date, the time and five words.
    expect(result('str_count_words', { text: '2024-04-12 08:05:42 ERROR payment webhook timed out - retry' })).toMatchObject({ words: 8 });
    expect(result('str_count_words', { text: '- [ ] water the plants\n- [x] submit the form' })).toMatchObject({ words: 6 });
  });

  it('reverses characters or word order', () => {
    expect(result('str_reverse', { text: 'abc déf', unit: 'characters' }).result).toBe('féd cba');
    expect(result('str_reverse', { text: ' one  two three ', unit: 'words' }).result).toBe('three two one');
  });

  it('slugifies with accents removed and caps on a word boundary', () => {
    expect(result('str_slugify', { text: 'Café Déjà Vu — Opens Friday!' }).slug).toBe('cafe-deja-vu-opens-friday');
    expect(result('str_slugify', { text: 'Café Déjà Vu — Opens Friday!', max_length: 14 }).slug).toBe('cafe-deja-vu');
    expect(fails('str_slugify', { text: '!!!' })).toMatch(/no letters or digits/);
  });

  it('truncates between words, leaves short text alone, and needs room for the ellipsis', () => {
    expect(result('str_truncate', { text: 'The quick brown fox jumps', max_length: 15 })).toEqual({ result: 'The quick...', truncated: true });
    expect(result('str_truncate', { text: 'The quick brown fox', max_length: 12, ellipsis: '~' })).toEqual({ result: 'The quick~', truncated: true });
    expect(result('str_truncate', { text: 'short', max_length: 10 })).toEqual({ result: 'short', truncated: false });
    expect(fails('str_truncate', { text: 'long enough text', max_length: 3 })).toMatch(/no room for the ellipsis/);
  });

  it('extracts each built-in pattern', () => {
    const text = 'On 2024-03-18 @dana mailed ops@acme.example about https://acme.example/x. Budget -20.5 and 300, call +1 415 555 0132. #q2';
    const matches = (pattern: string) => result('str_extract_pattern', { text, pattern }).matches;
    expect(matches('date')).toEqual(['2024-03-18']);
    expect(matches('mention')).toEqual(['@dana']);
    expect(matches('email')).toEqual(['ops@acme.example']);
    expect(matches('url')).toEqual(['https://acme.example/x']);
    expect(matches('number')).toEqual(['-20.5', '300', '1', '415', '555', '0132']);
    expect(matches('phone')).toEqual(['+1 415 555 0132']);
    expect(matches('hashtag')).toEqual(['#q2']);
  });

  it('finds the longest common prefix', () => {
    expect(result('str_common_prefix', { texts: ['interview', 'internet', 'interval'] })).toEqual({ prefix: 'inter', length: 5 });
    expect(result('str_common_prefix', { texts: ['abc', 'xyz'] })).toEqual({ prefix: '', length: 0 });
  });

  it('saves, finds, reads and edits documents, bumping the revision', () => {
    const saved = ok('str_save_document', { title: 'Memo', text: 'Ship on Monday. Monday it is.' });
    const id = saved.result.document_id;
    expect(ok('str_find_document', { title: 'memo' }, saved.state).result).toEqual({ document_id: id, title: 'Memo', characters: 29, revision: 1 });
    const edited = ok('str_edit_document', { document_id: id, find: 'Monday', replace: 'Friday' }, saved.state);
    expect(edited.result).toMatchObject({ replacements: 2, revision: 2 });
    expect(ok('str_read_document', { document_id: id }, edited.state).result.text).toBe('Ship on Friday. Friday it is.');
  });

  it('explains document errors', () => {
    expect(fails('str_save_document', { title: 'release notes', text: 'x' })).toMatch(/already exists \(id doc_1daaafc3a040\)/);
    expect(fails('str_find_document', { title: 'Roadmap' })).toMatch(/Titles: "Release Notes"/);
    expect(fails('str_read_document', { document_id: 'doc_000000000000' })).toMatch(/No document/);
    expect(fails('str_edit_document', { document_id: MINUTES, find: 'BUDGET', replace: 'x' })).toMatch(/case-sensitive/);
    expect(ok('str_edit_document', { document_id: MINUTES, find: 'BUDGET', replace: 'funds', ignore_case: true }).result.replacements).toBe(1);
  });

  it('analyses a document: counts, readability, longest and most frequent words', () => {
    const saved = ok('str_save_document', { title: 'Cats', text: 'Cats nap. Cats purr loudly. Dogs bark.' });
    const report = ok('str_analyze_document', { document_id: saved.result.document_id, top: 2 }, saved.state).result;
    expect(report).toMatchObject({ title: 'Cats', words: 7, sentences: 3, avg_sentence_length: 2.3, longest_word: 'loudly' });
    expect(report.top_words).toEqual([
      { word: 'cats', count: 2 },
      { word: 'bark', count: 1 },
    ]);
    expect(report.reading_ease).toBeGreaterThan(80);
  });

  it('gives opaque document ids that differ by input and do not reveal it', () => {
    const a = result('str_save_document', { title: 'Alpha Plan', text: 'one' }).document_id;
    const b = result('str_save_document', { title: 'Beta Plan', text: 'one' }).document_id;
    expect(a).not.toBe(b);
    expectOpaqueId(a, 'doc', 'alpha');
  });

  it('is pure and deterministic', () => {
    expectPure(initial, ['str_edit_document', { document_id: MINUTES, find: 'launch', replace: 'release' }]);
  });
});
