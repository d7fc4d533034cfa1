import { DomainError, type ErrorCategory } from '@carenet/core';

export enum RollupErrorReason {
  NOT_A_PROVINCE = 'NOT_A_PROVINCE',
  NOT_ALLOWED = 'NOT_ALLOWED',
  REPORT_NOT_FOUND = 'REPORT_NOT_FOUND',
}

const CATEGORY: Record<RollupErrorReason, ErrorCategory> = {
  NOT_A_PROVINCE: 'BAD_USER_INPUT',
  NOT_ALLOWED: 'FORBIDDEN',
  REPORT_NOT_FOUND: 'NOT_FOUND',
};

/** Refusals of the rollups, completeness and the provincial report. */
export class RollupError extends DomainError {
  constructor(reason: RollupErrorReason, message: string, field?: string) {
    super(CATEGORY[reason], reason, message, field ? { field } : {});
  }
}
