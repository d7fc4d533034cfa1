import { DomainError } from '@carenet/core';

export enum RegistryErrorReason {
  CHILD_NOT_FOUND = 'CHILD_NOT_FOUND',
  INVALID_FIELD = 'INVALID_FIELD',
  INVALID_ID_NUMBER = 'INVALID_ID_NUMBER',
  DUPLICATE_ID_NUMBER = 'DUPLICATE_ID_NUMBER',
  EFFECTIVE_BEFORE_LATEST = 'EFFECTIVE_BEFORE_LATEST',
  FILE_CLOSED = 'FILE_CLOSED',
  VERSION_MISMATCH = 'VERSION_MISMATCH',
  ID_LOOKUP_BUDGET_SPENT = 'ID_LOOKUP_BUDGET_SPENT',
  VILLAGE_CHANGED = 'VILLAGE_CHANGED',
}

export class RegistryError extends DomainError {}

/** The one answer for a file that does not exist and for one outside the caller's scope. */
export function childNotFound(field = 'childId'): RegistryError {
  return new RegistryError('NOT_FOUND', RegistryErrorReason.CHILD_NOT_FOUND, `${field}: no such file`, { field });
}

export function invalid(field: string, rule: string): RegistryError {
  return new RegistryError('BAD_USER_INPUT', RegistryErrorReason.INVALID_FIELD, `${field}: ${rule}`, { field, violations: [{ rule: 'FIELD', field, message: `${field}: ${rule}` }] });
}
