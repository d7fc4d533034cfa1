import { DomainError, type ErrorCategory } from '@carenet/core';

export enum AuthErrorReason {
  MISSING_TOKEN = 'MISSING_TOKEN',
  INVALID_TOKEN = 'INVALID_TOKEN',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOO_MANY_FAILED_LOGINS = 'TOO_MANY_FAILED_LOGINS',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  INVALID_USER = 'INVALID_USER',
  API_KEY_READ_ONLY = 'API_KEY_READ_ONLY',
  BUSY = 'BUSY',
}

const CATEGORY: Record<AuthErrorReason, ErrorCategory> = {
  MISSING_TOKEN: 'UNAUTHENTICATED',
  INVALID_TOKEN: 'UNAUTHENTICATED',
  TOKEN_EXPIRED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'UNAUTHENTICATED',
  TOO_MANY_FAILED_LOGINS: 'RATE_LIMITED',
  USERNAME_TAKEN: 'CONFLICT',
  INVALID_USER: 'BAD_USER_INPUT',
  API_KEY_READ_ONLY: 'FORBIDDEN',
  BUSY: 'UNAVAILABLE',
};

export class AuthError extends DomainError {
  constructor(reason: AuthErrorReason, message: string, details: Record<string, unknown> = {}) {
    super(CATEGORY[reason], reason, message, details);
  }
}
