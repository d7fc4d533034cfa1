/**
 * Domain errors. Services throw these; exactly one place (the API's error
 * formatter) turns a category into GraphQL `extensions.code` and the reason
 * into `extensions.reason`. Anything that is not a DomainError is unexpected
 * and is answered as INTERNAL_SERVER_ERROR with a generic message.
 */
export type ErrorCategory =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

/** The HTTP status of each category, wherever an answer carries one (/exports, the limits, the queue board). */
export const HTTP_STATUS: Record<ErrorCategory, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

export interface Violation {
  rule: string;
  field?: string;
  indicators?: string[];
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly category: ErrorCategory,
    readonly reason: string,
    message: string,
    readonly details: { violations?: Violation[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Errors of input that is not of the right shape (a field, the rule it broke). */
export enum InputErrorReason {
  INVALID_UNIT_CODE = 'INVALID_UNIT_CODE',
  INVALID_PERIOD = 'INVALID_PERIOD',
  /** A month that has not ended, where only ended months are allowed (changes, the provincial report). */
  FUTURE_PERIOD = 'FUTURE_PERIOD',
  INVALID_PAGE = 'INVALID_PAGE',
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** An id that no row can have (not a whole number in the column's range, not a UUID). */
  INVALID_ID = 'INVALID_ID',
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
}

export class InputError extends DomainError {
  constructor(reason: InputErrorReason, message: string, field?: string) {
    super('BAD_USER_INPUT', reason, message, field ? { field } : {});
  }
}
