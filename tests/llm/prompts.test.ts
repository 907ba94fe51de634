import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { UserInputError } from '../../pipeline/core/errors.ts';
import { sha256 } from '../../pipeline/core/canonical.ts';
import { loadPrompt, renderPrompt } from '../../pipeline/llm/prompts.ts';

const fixtures = join(import.meta.dirname, '../fixtures/prompts');

describe('prompt files', () => {
  it('load with an id of name@content hash', () => {
    const prompt = loadPrompt('greet', fixtures);
    expect(prompt.hash).toBe(sha256(prompt.text));
    expect(prompt.id).toBe(`greet@${prompt.hash.slice(0, 8)}`);
  });

  it('render every {{var}}, keeping replacement text literal', () => {
    const text = renderPrompt(loadPrompt('greet', fixtures), { name: 'Ada $&', language: 'French' });
    expect(text).toBe('Greet Ada $& in French and reply with one JSON object {"greeting": "..."}.\n');
  });

  it('refuse a missing or an unknown variable, naming the file', () => {
    const prompt = loadPrompt('greet', fixtures);
    expect(() => renderPrompt(prompt, { name: 'Ada' })).toThrow(/greet\.md: prompt greet@[0-9a-f]{8} needs \{\{language\}\}/);
    expect(() => renderPrompt(prompt, { name: 'Ada', language: 'French', tone: 'warm' })).toThrow(/has no \{\{tone\}\} placeholder/);
  });

  it('report a missing prompt file as a user error', () => {
    expect(() => loadPrompt('no-such-prompt', fixtures)).toThrow(UserInputError);
  });
});
