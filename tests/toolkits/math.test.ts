import { describe, expect, it } from 'vitest';
import { loadToolkitHarness, type Args } from '../support/toolkit-harness.ts';

const { call, ok, fails } = await loadToolkitHarness('math');

const result = (fn: string, args: Args): number => ok(fn, args).result.result;

describe('math toolkit', () => {
  it('does arithmetic', () => {
    expect(result('add', { a: 2.5, b: 4 })).toBe(6.5);
    expect(result('subtract', { a: 48.5, b: 73.25 })).toBe(-24.75);
    expect(result('multiply', { a: 2.75, b: 4 })).toBe(11);
    expect(result('divide', { a: 9, b: 4 })).toBe(2.25);
    expect(fails('divide', { a: 9, b: 0 })).toMatch(/divide by zero/);
    expect(result('absolute_value', { number: -50 })).toBe(50);
    expect(result('percentage', { part: 43, whole: 60 })).toBeCloseTo(71.6667, 4);
    expect(fails('percentage', { part: 1, whole: 0 })).toMatch(/whole cannot be zero/);
  });

  it('raises powers within the reals', () => {
    expect(result('power', { base: 12, exponent: 2 })).toBe(144);
    expect(result('power', { base: 16, exponent: 0.5 })).toBe(4);
    expect(result('power', { base: -2, exponent: 3 })).toBe(-8);
    expect(fails('power', { base: -8, exponent: 0.5 })).toMatch(/no real result/);
    expect(fails('power', { base: 0, exponent: -1 })).toMatch(/negative power/);
    expect(fails('power', { base: 10, exponent: 400 })).toMatch(/not a finite/);
  });

  it('rounds half to even as Python does, to decimals or to tens', () => {
    // Python's round, as BFCL: ties go to the even neighbour.
    expect(result('round_number', { number: 2.5 })).toBe(2);
    expect(result('round_number', { number: -2.5 })).toBe(-2);
    expect(result('round_number', { number: 3.5 })).toBe(4);
    expect(result('round_number', { number: 0.125, decimal_places: 2 })).toBe(0.12);
    expect(result('round_number', { number: 41.0184, decimal_places: 2 })).toBe(41.02);
    expect(result('round_number', { number: 1234.5, decimal_places: -2 })).toBe(1200);
  });

  it('summarises lists and refuses empty ones', () => {
    const xs = [120, 95, 143, 88];
    expect(result('sum_values', { numbers: xs })).toBe(446);
    expect(result('mean', { numbers: xs })).toBe(111.5);
    expect(result('min_value', { numbers: xs })).toBe(88);
    expect(result('max_value', { numbers: xs })).toBe(143);
    expect(result('standard_deviation', { numbers: [2, 4, 4, 4, 5, 5, 7, 9] })).toBe(2);
    for (const fn of ['mean', 'min_value', 'max_value', 'standard_deviation']) expect(fails(fn, { numbers: [] })).toMatch(/empty/);
    expect(result('sum_values', { numbers: [] })).toBe(0);
  });

  it('computes roots and logarithms to the requested significant digits', () => {
    expect(result('square_root', { number: 2, precision: 4 })).toBe(1.414);
    expect(result('square_root', { number: 225, precision: 4 })).toBe(15);
    expect(fails('square_root', { number: -144, precision: 5 })).toMatch(/negative number/);
    // mpmath at `precision` digits, as BFCL computes it: each logarithm and the quotient in binary precision.
    expect(result('logarithm', { value: 20, base: 10, precision: 2 })).toBe(1.302734375);
    expect(result('logarithm', { value: 630, base: 10, precision: 5 })).toBe(2.7993392944335938);
    expect(result('logarithm', { value: 980, base: 20, precision: 10 })).toBeCloseTo(2.299121531, 9);
    expect(result('logarithm', { value: 36, base: 6, precision: 4 })).toBe(2);
    expect(fails('logarithm', { value: -50, base: 10, precision: 6 })).toMatch(/positive values/);
    expect(fails('logarithm', { value: 50, base: 1, precision: 6 })).toMatch(/not 1/);
    expect(fails('logarithm', { value: 50, base: 10, precision: 0 })).toMatch(/precision must be an integer from 1 to 50/);
  });

  it('converts between SI units of one quantity, by symbol or name', () => {
    expect(result('si_unit_conversion', { value: 3.5, unit_in: 'kWh', unit_out: 'kJ' })).toBe(12600);
    expect(result('si_unit_conversion', { value: 2.75, unit_in: 'hours', unit_out: 'min' })).toBe(165);
    expect(result('si_unit_conversion', { value: 25, unit_in: 'degC', unit_out: 'K' })).toBe(298.15);
    expect(fails('si_unit_conversion', { value: 5, unit_in: 'mi', unit_out: 'km' })).toMatch(/use imperial_si_conversion/);
    expect(fails('si_unit_conversion', { value: 5, unit_in: 'kg', unit_out: 'm' })).toMatch(/Cannot convert mass/);
    expect(fails('si_unit_conversion', { value: 5, unit_in: 'furlong', unit_out: 'm' })).toMatch(/Unknown unit "furlong"/);
  });

  it('converts between imperial and SI units, temperatures included', () => {
    expect(result('imperial_si_conversion', { value: 26.2, unit_in: 'mi', unit_out: 'km' })).toBe(42.1648128);
    expect(result('imperial_si_conversion', { value: 100, unit_in: 'kg', unit_out: 'pounds' })).toBe(220.462262185);
    expect(result('imperial_si_conversion', { value: 100.9, unit_in: 'degF', unit_out: 'degC' })).toBe(38.2777777778);
    expect(result('imperial_si_conversion', { value: 10, unit_in: 'gal', unit_out: 'L' })).toBe(37.85411784);
    expect(fails('imperial_si_conversion', { value: 5, unit_in: 'km', unit_out: 'm' })).toMatch(/use si_unit_conversion/);
  });

  it('is deterministic and ignores any state', () => {
    const a = call('logarithm', { value: 1500, base: 2, precision: 8 }, {});
    const b = call('logarithm', { value: 1500, base: 2, precision: 8 }, { precision: 3, base: 10 });
    expect(a.ok && b.ok && a.result).toEqual(b.ok && b.result);
  });
});
