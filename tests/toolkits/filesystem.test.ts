import { describe, expect, it } from 'vitest';
import { loadToolkitHarness } from '../support/toolkit-harness.ts';

const { initial, ok, fails, chain, expectPure, bfclState } = await loadToolkitHarness('filesystem');

const inDocuments = ok('cd', { folder: 'documents' }).state;

describe('filesystem toolkit', () => {
  it('starts at the root and moves one folder level at a time', () => {
    expect(ok('pwd', {}).result).toEqual({ current_working_directory: '/maya' });
    // As BFCL: cd answers with the folder entered, `..` with nothing; pwd gives the path.
    const { results } = chain([
      ['cd', { folder: 'projects' }],
      ['cd', { folder: 'thesis' }],
      ['cd', { folder: '..' }],
      ['pwd', {}],
    ]);
    expect(results).toEqual([{ current_working_directory: 'projects' }, { current_working_directory: 'thesis' }, {}, { current_working_directory: '/maya/projects' }]);
    expect(fails('cd', { folder: 'projects/thesis' })).toMatch(/one folder level at a time/);
    expect(fails('cd', { folder: 'nowhere' })).toMatch(/No such directory/);
    expect(fails('cd', { folder: 'notes.txt' })).toMatch(/is a file/);
    expect(fails('cd', { folder: '..' })).toMatch(/root/);
    expect(fails('cd', { folder: 'constructor' })).toMatch(/No such directory/);
  });

  it('lists the working directory, hiding dot files unless asked', () => {
    const visible = ok('ls', {}).result.current_directory_content;
    expect(visible).toContain('notes.txt');
    expect(visible).not.toContain('.bash_history');
    expect(ok('ls', { a: true }).result.current_directory_content).toContain('.bash_history');
  });

  it('reads files with cat, tail, grep, sort, wc and diff', () => {
    expect(ok('cat', { file_name: 'shopping_list.txt' }).result.file_content).toBe('oat milk\nbasil\nlemons\ncoffee beans\nrye bread');
    expect(ok('tail', { file_name: 'shopping_list.txt', lines: 2 }).result.last_lines).toBe('coffee beans\nrye bread');
    expect(ok('tail', { file_name: 'shopping_list.txt' }).result.last_lines.split('\n')).toHaveLength(5);
    // BFCL slices the last -0 lines, which is every line.
    expect(ok('tail', { file_name: 'shopping_list.txt', lines: 0 }).result.last_lines.split('\n')).toHaveLength(5);
    expect(ok('grep', { file_name: 'server.log', pattern: 'ERROR' }).result.matching_lines).toHaveLength(2);
    expect(ok('sort', { file_name: 'shopping_list.txt' }).result.sorted_content).toBe('basil\ncoffee beans\nlemons\noat milk\nrye bread');
    expect(ok('wc', { file_name: 'shopping_list.txt' }).result).toEqual({ count: 5, type: 'lines' });
    expect(ok('wc', { file_name: 'shopping_list.txt', mode: 'w' }).result).toEqual({ count: 8, type: 'words' });
    expect(ok('wc', { file_name: 'shopping_list.txt', mode: 'c' }).result).toEqual({ count: 44, type: 'characters' });
    const diff = ok('diff', { file_name1: 'cover_letter.txt', file_name2: 'cover_letter_v2.txt' }, inDocuments).result.diff_lines;
    expect(diff).toBe('- I am applying for the data engineer role.\n+ I am applying for the senior data engineer role.');
    expect(ok('diff', { file_name1: 'cover_letter.txt', file_name2: 'cover_letter.txt' }, inDocuments).result.diff_lines).toBe('');
    // BFCL pairs lines up to the shorter file: a file that only adds lines shows no difference.
    const longer = chain([
      ['touch', { file_name: 'longer.txt' }],
      ['echo', { content: 'oat milk\nbasil\nlemons\ncoffee beans\nrye bread\nflour', file_name: 'longer.txt' }],
    ]).state;
    expect(ok('diff', { file_name1: 'shopping_list.txt', file_name2: 'longer.txt' }, longer).result.diff_lines).toBe('');
  });

  it('refuses paths, directories and missing files where a file name is expected', () => {
    expect(fails('cat', { file_name: 'documents/cover_letter.txt' })).toMatch(/is a path/);
    expect(fails('cat', { file_name: 'documents' })).toMatch(/is a directory/);
    expect(fails('grep', { file_name: 'missing.txt', pattern: 'x' })).toMatch(/No such file/);
    expect(fails('tail', { file_name: 'notes.txt', lines: -1 })).toMatch(/0 or more/);
  });

  it('creates files and folders, and writes with echo', () => {
    const { state } = chain([
      ['mkdir', { dir_name: 'drafts' }],
      ['cd', { folder: 'drafts' }],
      ['touch', { file_name: 'a.txt' }],
      ['echo', { content: 'hello', file_name: 'a.txt' }],
    ]);
    expect(ok('cat', { file_name: 'a.txt' }, state).result.file_content).toBe('hello');
    expect(ok('echo', { content: 'just print' }).result).toEqual({ terminal_output: 'just print' });
    // As BFCL: echo writes into an existing file (answering nothing) and never creates one.
    expect(fails('echo', { content: 'x', file_name: 'new.txt' })).toMatch(/touch first/);
    expect(ok('echo', { content: 'x', file_name: 'notes.txt' }).result).toBeNull();
    expect(fails('mkdir', { dir_name: 'a:b' })).toMatch(/invalid character/);
    expect(fails('touch', { file_name: 'what?.txt' })).toMatch(/invalid character/);
    expect(fails('mkdir', { dir_name: 'documents' })).toMatch(/already exists/);
    expect(fails('touch', { file_name: 'notes.txt' })).toMatch(/already exists/);
    expect(fails('echo', { content: 'x', file_name: 'documents' })).toMatch(/is a directory/);
  });

  it('copies and moves into a directory or under a new name', () => {
    const copied = ok('cp', { source: 'todo.md', destination: 'archive' }).state;
    expect(ok('ls', {}, copied).result.current_directory_content).toContain('todo.md');
    expect(ok('ls', {}, ok('cd', { folder: 'archive' }, copied).state).result.current_directory_content).toEqual(['todo.md']);
    const renamed = ok('mv', { source: 'todo.md', destination: 'todo_old.md' }).state;
    expect(ok('ls', {}, renamed).result.current_directory_content).toContain('todo_old.md');
    expect(ok('ls', {}, renamed).result.current_directory_content).not.toContain('todo.md');
    expect(fails('cp', { source: 'ghost.txt', destination: 'archive' })).toMatch(/no such file/);
    expect(fails('mv', { source: 'todo.md', destination: 'notes.txt' })).toMatch(/already exists/);
    expect(fails('mv', { source: 'archive', destination: 'archive' })).toMatch(/inside itself/);
    expect(fails('cp', { source: 'todo.md', destination: '../todo.md' })).toMatch(/is a path/);
  });

  it('removes files with rm and only empty folders with rmdir', () => {
    expect(ok('ls', {}, ok('rm', { file_name: 'notes.txt' }).state).result.current_directory_content).not.toContain('notes.txt');
    expect(ok('ls', {}, ok('rmdir', { dir_name: 'archive' }).state).result.current_directory_content).not.toContain('archive');
    expect(fails('rmdir', { dir_name: 'documents' })).toMatch(/not empty/);
    expect(fails('rmdir', { dir_name: 'notes.txt' })).toMatch(/use rm/);
    expect(fails('rm', { file_name: 'ghost.txt' })).toMatch(/no such file/);
  });

  it('finds entries recursively by name, from relative or absolute paths', () => {
    expect(ok('find', { name: 'main' }).result.matches).toEqual(['./projects/solar_tracker/main.py']);
    expect(ok('find', { path: 'projects/thesis' }).result.matches).toEqual(['projects/thesis/outline.md', 'projects/thesis/draft_chapter1.md', 'projects/thesis/references.bib']);
    expect(ok('find', { path: '/maya/documents', name: 'lease' }).result.matches).toEqual(['/maya/documents/contracts/lease_2023.txt']);
    expect(ok('find', { path: '/', name: 'lease' }).result.matches).toEqual(['/maya/documents/contracts/lease_2023.txt']);
    expect(fails('find', { path: 'nowhere' })).toMatch(/No such directory/);
    expect(fails('find', { path: '/other' })).toMatch(/absolute paths start with \/maya/);
  });

  it('measures disk usage of the working directory in bytes or readable units', () => {
    const contracts = chain([
      ['cd', { folder: 'documents' }],
      ['cd', { folder: 'contracts' }],
    ]).state;
    expect(ok('du', {}, contracts).result.disk_usage).toBe('92 bytes');
    expect(ok('du', { human_readable: true }, contracts).result.disk_usage).toBe('92.00 B');
    expect(ok('du', { human_readable: true }).result.disk_usage).toMatch(/^\d+\.\d\d KB$/);
  });

  it('never changes the input state and answers the same call the same way', () => {
    expectPure(initial, ['echo', { content: 'x', file_name: 'notes.txt' }]);
  });

  it('replays a BFCL ground-truth path on its initial_config', () => {
    const { results } = chain(
      [
        ['cd', { folder: 'document' }],
        ['mkdir', { dir_name: 'temp' }],
        ['mv', { source: 'final_report.pdf', destination: 'temp' }],
        ['cd', { folder: 'temp' }],
        ['grep', { file_name: 'final_report.pdf', pattern: 'budget analysis' }],
        ['cd', { folder: '..' }],
        ['mv', { source: 'previous_report.pdf', destination: 'temp' }],
        ['cd', { folder: 'temp' }],
        ['diff', { file_name1: 'final_report.pdf', file_name2: 'previous_report.pdf' }],
      ],
      bfclState('multi_turn_base_0', 'GorillaFileSystem'),
    );
    expect(results[4].matching_lines).toHaveLength(1);
    expect(results[8].diff_lines).toMatch(/^- Year2024 .*\n\+ Year203 /);
  });
});
