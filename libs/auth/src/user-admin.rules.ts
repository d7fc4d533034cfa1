/**
 * The rules of administering people, as plain functions: what an administrator may do to a user
 * (never lock themselves out), and what a password, a set of roles and a key quota must be. Scope
 * (the unit in the administrator's own subtree) is checked with requireScope(…, 'ADMINISTER').
 */
import { Role, type Violation } from '@carenet/core';
import { passwordProblems } from './password-policy.js';

export const MAX_QUOTA_PER_MINUTE = 100_000;

export type UserAdminAction = 'DISABLE' | 'ENABLE' | 'RESET_PASSWORD' | 'CHANGE_ROLES' | 'CHANGE_UNIT';

/** Refuses what an administrator may not do to their own account (a lockout no one else could undo below them). */
export function selfActionRefusal(actorId: number | string, targetId: number, action: UserAdminAction): string | null {
  if (Number(actorId) !== targetId) return null;
  switch (action) {
    case 'DISABLE':
      return 'you may not disable your own account';
    case 'CHANGE_ROLES':
      return 'you may not change your own roles';
    case 'CHANGE_UNIT':
      return 'you may not move your own account to another unit';
    case 'RESET_PASSWORD':
      return 'change your own password with changePassword';
    case 'ENABLE':
      return null;
  }
}

/** The password policy (password-policy.ts, the one rule) as violations of a field. */
export function newPasswordViolations(username: string, password: string, field = 'password'): Violation[] {
  return passwordProblems(username, password).map((message) => ({ rule: 'PASSWORD_POLICY', field, message: `${field}: ${message}` }));
}

const ROLES = new Set<string>(Object.values(Role));

export function rolesProblems(roles: readonly string[], field = 'roles'): Violation[] {
  if (roles.length === 0) return [{ rule: 'ROLES', field, message: `${field}: at least one of ${[...ROLES].join(', ')}` }];
  const unknown = roles.filter((r) => !ROLES.has(r));
  if (unknown.length) return [{ rule: 'ROLES', field, message: `${field}: unknown role(s) ${unknown.join(', ')}` }];
  return [];
}

export function quotaProblems(quota: number, field = 'quotaPerMinute'): Violation[] {
  if (!Number.isInteger(quota) || quota < 1 || quota > MAX_QUOTA_PER_MINUTE) {
    return [{ rule: 'QUOTA', field, message: `${field}: an integer from 1 to ${MAX_QUOTA_PER_MINUTE}, got ${quota}` }];
  }
  return [];
}
