import { DomainError, type ErrorCategory } from '@carenet/core';

export enum AnalyticsErrorReason {
  UNKNOWN_INDICATOR = 'UNKNOWN_INDICATOR',
  INVALID_RANGE = 'INVALID_RANGE',
}

const CATEGORY: Record<AnalyticsErrorReason, ErrorCategory> = {
  UNKNOWN_INDICATOR: 'BAD_USER_INPUT',
  INVALID_RANGE: 'BAD_USER_INPUT',
};

/** Refusals of the statistics and the sync feed. */
export class AnalyticsError extends DomainError {
  constructor(reason: AnalyticsErrorReason, message: string, field: string) {
    super(CATEGORY[reason], reason, message, { field });
  }
}
