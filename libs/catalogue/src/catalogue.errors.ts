import { DomainError, type ErrorCategory } from '@carenet/core';

export enum CatalogueErrorReason {
  /** A field of the input is not of the right shape (a code, a name, an amount, a URL…). */
  INVALID_INPUT = 'INVALID_INPUT',
  /** An indicator code that is, or was, in the catalogue. */
  INDICATOR_CODE_TAKEN = 'INDICATOR_CODE_TAKEN',
  /** No indicator with this code. */
  UNKNOWN_INDICATOR = 'UNKNOWN_INDICATOR',
  /** The indicator is not on the form in that month (not yet added, or retired). */
  INDICATOR_NOT_IN_FORCE = 'INDICATOR_NOT_IN_FORCE',
  /** A validation rule (E3, E4, W1, W3) names the indicator. */
  INDICATOR_IN_RULE = 'INDICATOR_IN_RULE',
  /** The change takes effect no later than the version it would follow: history is added to, never rewritten. */
  NOT_AFTER_CURRENT_VERSION = 'NOT_AFTER_CURRENT_VERSION',
  /** Nothing to change: the new version says what the current one says. */
  NO_CHANGE = 'NO_CHANGE',
  /** The catalogue is kept by the province's administrators. */
  NOT_PROVINCE_ADMIN = 'NOT_PROVINCE_ADMIN',
  /** No such webhook, user or contact (or one outside the caller's scope). */
  NOT_FOUND = 'NOT_FOUND',
}

const CATEGORY: Record<CatalogueErrorReason, ErrorCategory> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  INDICATOR_CODE_TAKEN: 'BAD_USER_INPUT',
  UNKNOWN_INDICATOR: 'BAD_USER_INPUT',
  INDICATOR_NOT_IN_FORCE: 'BAD_USER_INPUT',
  INDICATOR_IN_RULE: 'BAD_USER_INPUT',
  NOT_AFTER_CURRENT_VERSION: 'BAD_USER_INPUT',
  NO_CHANGE: 'BAD_USER_INPUT',
  NOT_PROVINCE_ADMIN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
};

/** One failed check of a catalogue change: the field it is about and the rule it broke. */
export interface CatalogueProblem {
  reason: CatalogueErrorReason;
  field: string;
  message: string;
  /** For INDICATOR_IN_RULE: the rule that names the indicator. */
  rule?: string;
}

export class CatalogueError extends DomainError {
  constructor(reason: CatalogueErrorReason, message: string, field?: string, extra: Record<string, unknown> = {}) {
    super(CATEGORY[reason], reason, message, { ...(field ? { field } : {}), ...extra });
  }

  /** The first problem as the error, every problem in `violations`. */
  static of(problems: CatalogueProblem[]): CatalogueError {
    const first = problems[0]!;
    return new CatalogueError(first.reason, problems.map((p) => p.message).join('; '), first.field, {
      ...(first.rule ? { rule: first.rule } : {}),
      violations: problems.map((p) => ({ rule: p.rule ?? p.reason, field: p.field, message: p.message })),
    });
  }
}
