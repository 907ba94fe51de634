import { describe, expect, it } from 'vitest';
import { replaceLiteral } from '../../pipeline/stages/evolve/text.ts';

describe('replaceLiteral', () => {
  it('makes the article before a replaced value agree with the new word', () => {
    expect(replaceLiteral('How much is an economy flight?', 'economy', 'business')).toBe('How much is a business flight?');
    expect(replaceLiteral('A business seat, please.', 'business', 'economy')).toBe('An economy seat, please.');
    // An acronym is read letter by letter.
    expect(replaceLiteral('Open a CSV file.', 'CSV', 'XML')).toBe('Open an XML file.');
    expect(replaceLiteral('Open an XML file.', 'XML', 'CSV')).toBe('Open a CSV file.');
  });
});
