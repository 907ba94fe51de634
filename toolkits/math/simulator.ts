import { defineSimulator, type SimContext } from '../../pipeline/toolkit-api.ts';
import type { Args } from './args.ts';

type System = 'si' | 'imperial';

interface Unit {
  quantity: string;
  system: System;
  /** Value in the quantity's base unit = (value + offset) * factor. */
  factor: number;
  offset: number;
}

/** [symbol, quantity, factor to the base unit, system, other names]; gallons and pints are US ones. */
const UNIT_ROWS: [string, string, number, System, ...string[]][] = [
  ['m', 'length', 1, 'si', 'meter', 'meters', 'metre', 'metres'],
  ['km', 'length', 1000, 'si', 'kilometer', 'kilometers', 'kilometre', 'kilometres'],
  ['cm', 'length', 0.01, 'si', 'centimeter', 'centimeters', 'centimetre', 'centimetres'],
  ['mm', 'length', 0.001, 'si', 'millimeter', 'millimeters', 'millimetre', 'millimetres'],
  ['um', 'length', 1e-6, 'si', 'micrometer', 'micrometers', 'µm'],
  ['nm', 'length', 1e-9, 'si', 'nanometer', 'nanometers'],
  ['in', 'length', 0.0254, 'imperial', 'inch', 'inches'],
  ['ft', 'length', 0.3048, 'imperial', 'foot', 'feet'],
  ['yd', 'length', 0.9144, 'imperial', 'yard', 'yards'],
  ['mi', 'length', 1609.344, 'imperial', 'mile', 'miles'],
  ['kg', 'mass', 1, 'si', 'kilogram', 'kilograms'],
  ['g', 'mass', 0.001, 'si', 'gram', 'grams'],
  ['mg', 'mass', 1e-6, 'si', 'milligram', 'milligrams'],
  ['t', 'mass', 1000, 'si', 'tonne', 'tonnes'],
  ['oz', 'mass', 0.028349523125, 'imperial', 'ounce', 'ounces'],
  ['lb', 'mass', 0.45359237, 'imperial', 'lbs', 'pound', 'pounds'],
  ['st', 'mass', 6.35029318, 'imperial', 'stone', 'stones'],
  ['s', 'time', 1, 'si', 'second', 'seconds', 'sec'],
  ['ms', 'time', 0.001, 'si', 'millisecond', 'milliseconds'],
  ['us', 'time', 1e-6, 'si', 'microsecond', 'microseconds', 'µs'],
  ['min', 'time', 60, 'si', 'minute', 'minutes'],
  ['h', 'time', 3600, 'si', 'hr', 'hour', 'hours'],
  ['d', 'time', 86400, 'si', 'day', 'days'],
  ['m3', 'volume', 1, 'si', 'cubic meter', 'cubic meters', 'm^3'],
  ['L', 'volume', 0.001, 'si', 'l', 'liter', 'liters', 'litre', 'litres'],
  ['mL', 'volume', 1e-6, 'si', 'milliliter', 'milliliters', 'millilitre', 'millilitres', 'cm3'],
  ['gal', 'volume', 0.003785411784, 'imperial', 'gallon', 'gallons'],
  ['qt', 'volume', 0.000946352946, 'imperial', 'quart', 'quarts'],
  ['pt', 'volume', 0.000473176473, 'imperial', 'pint', 'pints'],
  ['fl_oz', 'volume', 2.95735295625e-5, 'imperial', 'fl oz', 'fluid ounce', 'fluid ounces'],
  ['m2', 'area', 1, 'si', 'square meter', 'square meters', 'm^2'],
  ['km2', 'area', 1e6, 'si', 'square kilometer', 'square kilometers', 'km^2'],
  ['ha', 'area', 1e4, 'si', 'hectare', 'hectares'],
  ['ft2', 'area', 0.09290304, 'imperial', 'square foot', 'square feet', 'sq ft'],
  ['acre', 'area', 4046.8564224, 'imperial', 'acres'],
  ['mi2', 'area', 2589988.110336, 'imperial', 'square mile', 'square miles'],
  ['m/s', 'speed', 1, 'si', 'meters per second'],
  ['km/h', 'speed', 1 / 3.6, 'si', 'kph', 'kmh', 'kilometers per hour'],
  ['mph', 'speed', 0.44704, 'imperial', 'miles per hour'],
  ['ft/s', 'speed', 0.3048, 'imperial', 'feet per second'],
  ['Pa', 'pressure', 1, 'si', 'pascal', 'pascals'],
  ['hPa', 'pressure', 100, 'si', 'hectopascal', 'hectopascals'],
  ['kPa', 'pressure', 1000, 'si', 'kilopascal', 'kilopascals'],
  ['MPa', 'pressure', 1e6, 'si', 'megapascal', 'megapascals'],
  ['bar', 'pressure', 1e5, 'si', 'bars'],
  ['psi', 'pressure', 6894.757293168, 'imperial', 'pounds per square inch'],
  ['J', 'energy', 1, 'si', 'joule', 'joules'],
  ['kJ', 'energy', 1000, 'si', 'kilojoule', 'kilojoules'],
  ['MJ', 'energy', 1e6, 'si', 'megajoule', 'megajoules'],
  ['Wh', 'energy', 3600, 'si', 'watt hour', 'watt hours'],
  ['kWh', 'energy', 3.6e6, 'si', 'kilowatt hour', 'kilowatt hours'],
  ['BTU', 'energy', 1055.05585262, 'imperial', 'british thermal unit', 'british thermal units'],
  ['W', 'power', 1, 'si', 'watt', 'watts'],
  ['kW', 'power', 1000, 'si', 'kilowatt', 'kilowatts'],
  ['hp', 'power', 745.69987158227, 'imperial', 'horsepower'],
  ['N', 'force', 1, 'si', 'newton', 'newtons'],
  ['kN', 'force', 1000, 'si', 'kilonewton', 'kilonewtons'],
  ['lbf', 'force', 4.4482216152605, 'imperial', 'pound-force', 'pounds-force'],
];

const UNITS = new Map<string, Unit>();
for (const [symbol, quantity, factor, system, ...names] of UNIT_ROWS) {
  for (const n of [symbol, ...names]) UNITS.set(n.toLowerCase(), { quantity, system, factor, offset: 0 });
}
// Temperatures need an offset: kelvin = (value + offset) * factor.
for (const [names, offset, factor, system] of [
  [['K', 'kelvin'], 0, 1, 'si'],
  [['degC', '°C', 'C', 'celsius'], 273.15, 1, 'si'],
  [['degF', '°F', 'F', 'fahrenheit'], 459.67, 5 / 9, 'imperial'],
] as [string[], number, number, System][]) {
  for (const n of names) UNITS.set(n.toLowerCase(), { quantity: 'temperature', system, factor, offset });
}

function unit(name: string, ctx: SimContext): Unit {
  const u = UNITS.get(name.trim().toLowerCase());
  if (!u) ctx.fail(`Unknown unit "${name}". Use a symbol such as m, km, kg, lb, L, gal, degC, degF, mph, kPa or psi.`);
  return u;
}

function convert(a: { value: number; unit_in: string; unit_out: string }, ctx: SimContext, check: (from: Unit, to: Unit) => string | undefined): { result: number } {
  const from = unit(a.unit_in, ctx);
  const to = unit(a.unit_out, ctx);
  if (from.quantity !== to.quantity) ctx.fail(`Cannot convert ${from.quantity} (${a.unit_in}) into ${to.quantity} (${a.unit_out}).`);
  const problem = check(from, to);
  if (problem) ctx.fail(problem);
  // Going through the base unit leaves binary noise (37.77777777777783); 12 significant digits drop it.
  const raw = finite(((a.value + from.offset) * from.factor) / to.factor - to.offset, ctx);
  return { result: Number(raw.toPrecision(12)) };
}

function finite(x: number, ctx: SimContext): number {
  if (!Number.isFinite(x)) ctx.fail('The result is not a finite real number.');
  return x;
}

function significant(x: number, digits: number, ctx: SimContext): number {
  if (!Number.isInteger(digits) || digits < 1 || digits > 50) ctx.fail(`precision must be an integer from 1 to 50, got ${digits}.`);
  return Number(x.toPrecision(Math.min(digits, 17)));
}

/** Rounds to `bits` significant binary digits, ties to even: a binary float of mpmath's working precision. */
function toBits(x: number, bits: number): number {
  if (x === 0 || !Number.isFinite(x) || bits >= 53) return x;
  const exp = Math.floor(Math.log2(Math.abs(x))) + 1;
  const scaled = x * 2 ** (bits - exp);
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return rounded * 2 ** (exp - bits);
}

/** mpmath's binary precision for a number of decimal digits (mpmath.libmp.dps_to_prec). */
const dpsToBits = (dps: number) => Math.max(1, Math.round((dps + 1) * 3.3219280948873626));

function nonEmpty(numbers: number[], ctx: SimContext): number[] {
  if (numbers.length === 0) ctx.fail('The list of numbers is empty; give at least one number.');
  return numbers;
}

const sum = (xs: number[]) => xs.reduce((t, x) => t + x, 0);

/** Half away from zero, as people round; negative places round to tens, hundreds... */
/**
 * Python's round(x, places): the exact binary value rounded half to even, so round(2.5) is 2 and
 * round(0.125, 2) is 0.12 (JS toFixed would round both up). toFixed with 60 more digits than kept is
 * the exact expansion of ordinary doubles, which decides true ties.
 */
function roundTo(x: number, places: number): number {
  if (places >= 0 && Number.isFinite(x)) {
    const keep = Math.min(places, 40);
    const exact = Math.abs(x).toFixed(Math.min(keep + 60, 100));
    const dot = exact.indexOf('.');
    const head = exact.slice(0, dot + 1 + keep).replace(/\.$/, '');
    const rest = exact.slice(dot + 1 + keep);
    const lastDigit = Number(head.replace('.', '').slice(-1));
    const tie = /^50*$/.test(rest);
    const up = rest !== '' && (rest[0]! > '5' || (rest[0] === '5' && (!tie || lastDigit % 2 === 1)));
    const magnitude = Number(head) + (up ? 10 ** -keep : 0);
    return Math.sign(x) * Number(magnitude.toFixed(keep));
  }
  const step = 10 ** -places;
  return Math.sign(x) * Math.round(Math.abs(x) / step) * step;
}

export const simulator = defineSimulator<Args>('math', {
  add: (_s, a, ctx) => ({ result: finite(a.a + a.b, ctx) }),
  subtract: (_s, a, ctx) => ({ result: finite(a.a - a.b, ctx) }),
  multiply: (_s, a, ctx) => ({ result: finite(a.a * a.b, ctx) }),
  divide(_s, a, ctx) {
    if (a.b === 0) ctx.fail('Cannot divide by zero.');
    return { result: finite(a.a / a.b, ctx) };
  },
  absolute_value: (_s, a) => ({ result: Math.abs(a.number) }),
  power(_s, a, ctx) {
    if (a.base === 0 && a.exponent < 0) ctx.fail('Zero cannot be raised to a negative power.');
    if (a.base < 0 && !Number.isInteger(a.exponent)) ctx.fail('A negative base with a fractional exponent has no real result.');
    return { result: finite(a.base ** a.exponent, ctx) };
  },
  round_number: (_s, a) => ({ result: roundTo(a.number, a.decimal_places ?? 0) }),
  percentage(_s, a, ctx) {
    if (a.whole === 0) ctx.fail('The whole cannot be zero.');
    return { result: (a.part / a.whole) * 100 };
  },
  sum_values: (_s, a, ctx) => ({ result: finite(sum(a.numbers), ctx) }),
  mean: (_s, a, ctx) => ({ result: sum(nonEmpty(a.numbers, ctx)) / a.numbers.length }),
  min_value: (_s, a, ctx) => ({ result: Math.min(...nonEmpty(a.numbers, ctx)) }),
  max_value: (_s, a, ctx) => ({ result: Math.max(...nonEmpty(a.numbers, ctx)) }),
  standard_deviation(_s, a, ctx) {
    const xs = nonEmpty(a.numbers, ctx);
    const m = sum(xs) / xs.length;
    return { result: Math.sqrt(sum(xs.map((x) => (x - m) ** 2)) / xs.length) };
  },
  square_root(_s, a, ctx) {
    if (a.number < 0) ctx.fail(`Cannot take the square root of a negative number (${a.number}).`);
    return { result: significant(Math.sqrt(a.number), a.precision, ctx) };
  },
  logarithm(_s, a, ctx) {
    if (a.value <= 0) ctx.fail(`The logarithm is only defined for positive values, got ${a.value}.`);
    if (a.base <= 0 || a.base === 1) ctx.fail(`The base must be positive and not 1, got ${a.base}.`);
    if (!Number.isInteger(a.precision) || a.precision < 1 || a.precision > 50) ctx.fail(`precision must be an integer from 1 to 50, got ${a.precision}.`);
    // As BFCL: mpmath at `precision` decimal digits, each logarithm rounded to that binary precision,
    // then the quotient (log(20, 10) at precision 2 is 1.302734375, not 1.3).
    const bits = dpsToBits(a.precision);
    return { result: toBits(toBits(Math.log(a.value), bits) / toBits(Math.log(a.base), bits), bits) };
  },
  si_unit_conversion: (_s, a, ctx) =>
    convert(a, ctx, (from, to) => (from.system === 'si' && to.system === 'si' ? undefined : 'si_unit_conversion converts between SI units only; use imperial_si_conversion for imperial units.')),
  imperial_si_conversion: (_s, a, ctx) =>
    convert(a, ctx, (from, to) => (from.system !== to.system ? undefined : 'imperial_si_conversion converts between an imperial and an SI unit; use si_unit_conversion between two SI units.')),
});
