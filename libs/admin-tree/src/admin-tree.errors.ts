import { DomainError, type ErrorCategory } from '@carenet/core';

export enum AdminTreeErrorReason {
  UNIT_NOT_FOUND = 'UNIT_NOT_FOUND',
  UNIT_RETIRED = 'UNIT_RETIRED',
  INVALID_TREE_CHANGE = 'INVALID_TREE_CHANGE',
  /** An administrator's own unit: changed only from above it. */
  OWN_UNIT = 'OWN_UNIT',
}

const CATEGORY: Record<AdminTreeErrorReason, ErrorCategory> = {
  UNIT_NOT_FOUND: 'NOT_FOUND',
  UNIT_RETIRED: 'CONFLICT',
  INVALID_TREE_CHANGE: 'BAD_USER_INPUT',
  OWN_UNIT: 'FORBIDDEN',
};

export class AdminTreeError extends DomainError {
  constructor(reason: AdminTreeErrorReason, message: string, field?: string) {
    super(CATEGORY[reason], reason, message, field ? { field } : {});
  }
}

/** The one answer for a unit that does not exist or that the caller may not see. */
export function unitNotFound(code: string, field = 'code'): AdminTreeError {
  return new AdminTreeError(AdminTreeErrorReason.UNIT_NOT_FOUND, `${field}: no unit with code ${code}`, field);
}
