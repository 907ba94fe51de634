// Generated from toolkits/math/toolkit.yaml by `npm run toolkit-args`; do not edit (a test compares it with the YAML).
// The arguments of each function as its `parameters` schema declares them; the environment checks every call
// against that schema before the simulator sees it.
export type Args = {
  add: { a: number; b: number };
  subtract: { a: number; b: number };
  multiply: { a: number; b: number };
  divide: { a: number; b: number };
  absolute_value: { number: number };
  power: { base: number; exponent: number };
  round_number: { number: number; decimal_places?: number };
  percentage: { part: number; whole: number };
  sum_values: { numbers: number[] };
  mean: { numbers: number[] };
  min_value: { numbers: number[] };
  max_value: { numbers: number[] };
  standard_deviation: { numbers: number[] };
  square_root: { number: number; precision: number };
  logarithm: { value: number; base: number; precision: number };
  si_unit_conversion: { value: number; unit_in: string; unit_out: string };
  imperial_si_conversion: { value: number; unit_in: string; unit_out: string };
};
