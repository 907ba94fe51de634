import type { RuleOperator } from '../operator.ts';
import { valuesOperator } from './values.ts';
import { extendOperator } from './extend.ts';
import { constraintOperator } from './constraint.ts';
import { recoveryOperator } from './recovery.ts';
import { rewordOperator } from './reword.ts';

/** Every rule-based operator, in the order children are made; config counts are keyed by name. */
export const RULE_OPERATORS: readonly RuleOperator[] = [valuesOperator, extendOperator, constraintOperator, recoveryOperator, rewordOperator];
