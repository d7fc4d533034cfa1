import { DomainError, type ErrorCategory, type Violation } from '@carenet/core';

export enum ReportingErrorReason {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  VERSION_MISMATCH = 'VERSION_MISMATCH',
  CHILDREN_NOT_APPROVED = 'CHILDREN_NOT_APPROVED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  REPORT_NOT_FOUND = 'REPORT_NOT_FOUND',
  INVALID_INPUT = 'INVALID_INPUT',
  IMPORT_FAILED = 'IMPORT_FAILED',
  IMPORT_JOB_NOT_FOUND = 'IMPORT_JOB_NOT_FOUND',
}

const CATEGORY: Record<ReportingErrorReason, ErrorCategory> = {
  VALIDATION_FAILED: 'BAD_USER_INPUT',
  VERSION_MISMATCH: 'CONFLICT',
  CHILDREN_NOT_APPROVED: 'CONFLICT',
  IDEMPOTENCY_KEY_REUSED: 'CONFLICT',
  REPORT_NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_USER_INPUT',
  IMPORT_FAILED: 'BAD_USER_INPUT',
  IMPORT_JOB_NOT_FOUND: 'NOT_FOUND',
};

export class ReportingError extends DomainError {
  constructor(reason: ReportingErrorReason, message: string, details: { violations?: Violation[]; [k: string]: unknown } = {}) {
    super(CATEGORY[reason], reason, message, details);
  }
}

/** Refusals decided by the workflow table carry their own category and reason. */
export class WorkflowError extends DomainError {}
