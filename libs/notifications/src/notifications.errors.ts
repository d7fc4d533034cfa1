import { DomainError, type ErrorCategory } from '@carenet/core';

/** Why notifications refuse something (`extensions.reason`). */
export enum NotificationsErrorReason {
  INVALID_INPUT = 'INVALID_INPUT',
  /** A webhook on an address that is not public (loopback, private, link-local, …): `extensions.rule` says which. */
  ADDRESS_NOT_ALLOWED = 'ADDRESS_NOT_ALLOWED',
  /** The change takes effect no later than the version it would follow: history is added to, never rewritten. */
  NOT_AFTER_CURRENT_VERSION = 'NOT_AFTER_CURRENT_VERSION',
  NOT_PROVINCE_ADMIN = 'NOT_PROVINCE_ADMIN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  /** An API key asked for what only a signed-in user has (an inbox to mark read). */
  NOT_ALLOWED = 'NOT_ALLOWED',
}

const CATEGORY: Record<NotificationsErrorReason, ErrorCategory> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  ADDRESS_NOT_ALLOWED: 'BAD_USER_INPUT',
  NOT_AFTER_CURRENT_VERSION: 'BAD_USER_INPUT',
  NOT_PROVINCE_ADMIN: 'FORBIDDEN',
  USER_NOT_FOUND: 'NOT_FOUND',
  NOT_ALLOWED: 'FORBIDDEN',
};

/** The one error class of notifications and their addresses. */
export class NotificationsError extends DomainError {
  constructor(reason: NotificationsErrorReason, message: string, field?: string) {
    super(CATEGORY[reason], reason, message, field ? { field } : {});
  }
}
