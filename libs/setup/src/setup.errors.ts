import { DomainError, type ErrorCategory, type Violation } from '@carenet/core';

/** Why the first-run setup refuses (`extensions.reason`). */
export enum SetupErrorReason {
  /** A user exists: setup is over for good; sign in instead. */
  SETUP_CLOSED = 'SETUP_CLOSED',
  /** Another setup holds the lock right now (two windows, two clicks). */
  SETUP_UNDER_WAY = 'SETUP_UNDER_WAY',
  INVALID_SETUP = 'INVALID_SETUP',
}

const CATEGORY: Record<SetupErrorReason, ErrorCategory> = {
  SETUP_CLOSED: 'FORBIDDEN',
  SETUP_UNDER_WAY: 'CONFLICT',
  INVALID_SETUP: 'BAD_USER_INPUT',
};

export class SetupError extends DomainError {
  constructor(reason: SetupErrorReason, message: string, violations?: Violation[]) {
    super(CATEGORY[reason], reason, message, violations ? { violations, field: violations[0]?.field } : {});
  }
}
