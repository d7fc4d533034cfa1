/**
 * What a validation rule found. Errors (E*) block saving; warnings (W*) block
 * submission until each has a written explanation.
 */
export type RuleCode = 'E1' | 'E2' | 'E3' | 'E4' | 'W1' | 'W2' | 'W3' | 'W4';

export interface RuleFinding {
  rule: RuleCode;
  severity: 'ERROR' | 'WARNING';
  /** The indicator(s) the finding is about. */
  indicators: string[];
  /** A sentence for the clerk: which field, which rule, what to do. */
  message: string;
}
