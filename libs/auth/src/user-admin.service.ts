import { Injectable } from '@nestjs/common';
import * as argon2 from '@node-rs/argon2';
import { DomainError, Role, checkPageSize, decodeCursor, encodeCursor, inSubtree, notFound, parseUuid, parseWholeId, requireRole, requireScope, type Actor, type UnitRef, type Violation } from '@carenet/core';
import { AdminTreeService } from '@carenet/admin-tree';
import { AdminAuditRepository, type AdminAuditEntry } from '@carenet/admin-audit';
import { AuthError, AuthErrorReason } from './auth.errors.js';
import { AuthService, type CreatedApiKey } from './auth.service.js';
import type { ActorChange } from './actor-cache.js';
import { UserAdminRepository, type ManagedApiKeyRow, type ManagedUserRow } from './user-admin.repository.js';
import { newPasswordViolations, quotaProblems, rolesProblems, selfActionRefusal, type UserAdminAction } from './user-admin.rules.js';

export interface Paged<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: () => Promise<number>;
}

function refOf(row: { unitId: number; unitCode: string; unitPathIds: number[] }): UnitRef {
  return { id: row.unitId, code: row.unitCode, depth: row.unitPathIds.length, pathIds: row.unitPathIds };
}

function invalid(problems: Violation[]): AuthError {
  return new AuthError(AuthErrorReason.INVALID_USER, problems.map((p) => p.message).join('; '), { violations: problems, field: problems[0]?.field });
}

function page<T>(rows: T[], limit: number, keys: (row: T) => unknown[], count: () => Promise<number>): Paged<T> {
  const items = rows.slice(0, limit);
  const cursors = items.map((r) => encodeCursor(keys(r)));
  return { items, cursors, hasNextPage: rows.length > limit, endCursor: cursors.at(-1) ?? null, totalCount: count };
}

/** ADMINISTER on a unit: within the administrator's own subtree, else NOT_FOUND (as for a unit that does not exist). */
function requireAdminister(actor: Actor, unit: UnitRef, field: string): void {
  if (!inSubtree(actor, unit)) throw notFound(unit.code, field);
  requireScope(actor, unit, 'ADMINISTER', field);
}

/** A user or key outside the administrator's subtree answers exactly like one that does not exist. */
function userNotFound(id: number | string): DomainError {
  return new DomainError('NOT_FOUND', 'USER_NOT_FOUND', `id: no user with id ${id}`, { field: 'id' });
}
function apiKeyNotFound(id: string): DomainError {
  return new DomainError('NOT_FOUND', 'API_KEY_NOT_FOUND', `id: no API key with id ${id}`, { field: 'id' });
}

/**
 * Administering people (ADMIN, within their own subtree): users listed and searched with their last
 * sign-in, created, disabled (their tokens refused on the next request), re-enabled, a password reset
 * (to be changed at the next sign-in), roles or unit changed; API keys listed, created, revoked, their
 * quota set. Every action is written to the admin audit in the same transaction.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly repo: UserAdminRepository,
    private readonly auth: AuthService,
    private readonly tree: AdminTreeService,
    private readonly audit: AdminAuditRepository,
  ) {}

  /** The unit an administrator works under: the one named (in scope), else their home unit. */
  private async root(actor: Actor, unitCode: string | null | undefined): Promise<{ id: number; path: string }> {
    requireRole(actor, Role.ADMIN);
    if (!unitCode) return { id: actor.unitId, path: actor.unitPathIds.join('.') };
    const unit = await this.tree.getUnit(unitCode, undefined, 'unitCode');
    requireAdminister(actor, unit, 'unitCode');
    return { id: unit.id, path: unit.pathIds.join('.') };
  }

  private async userInScope(actor: Actor, id: string | number): Promise<ManagedUserRow> {
    requireRole(actor, Role.ADMIN);
    const user = await this.repo.findUser(parseWholeId(id, 'id', 'integer'));
    if (!user || !inSubtree(actor, refOf(user))) throw userNotFound(id);
    requireScope(actor, refOf(user), 'ADMINISTER', 'id');
    return user;
  }

  /** Runs a change of a user or key, then drops its cached actor here (other API processes hear of it from the database). */
  private async afterCommit<T>(change: ActorChange, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      this.auth.forgetActor(change);
    }
  }

  private refuseSelf(actor: Actor, user: ManagedUserRow, action: UserAdminAction): void {
    const refusal = selfActionRefusal(actor.id, user.id, action);
    if (refusal) throw new DomainError('FORBIDDEN', 'SELF_ADMINISTRATION', `id: ${refusal}`, { field: 'id' });
  }

  async listUsers(actor: Actor, q: { unitCode?: string | null; search?: string | null; first?: number | null; after?: string | null }): Promise<Paged<ManagedUserRow>> {
    const root = await this.root(actor, q.unitCode);
    const limit = checkPageSize(q.first);
    const after = decodeCursor(q.after) as [string, number] | undefined;
    const search = q.search?.trim() ? q.search.trim() : null;
    const rows = await this.repo.listUsers({ rootPath: root.path, search, after: after ?? null, limit: limit + 1 });
    return page(rows, limit, (r) => [r.username.toLowerCase(), r.id], () => this.repo.countUsers({ rootPath: root.path, search }));
  }

  async user(actor: Actor, id: string): Promise<ManagedUserRow> {
    return this.userInScope(actor, id);
  }

  async createUser(actor: Actor, input: { username: string; password: string; roles: Role[]; unitCode: string }): Promise<ManagedUserRow> {
    requireRole(actor, Role.ADMIN);
    const unit = await this.tree.getUnit(input.unitCode, undefined, 'unitCode');
    requireAdminister(actor, unit, 'unitCode');
    const created = await this.auth.createUser(actor, input);
    await this.audit.append({ actorId: Number(actor.id), actor: actor.name, action: 'USER_CREATE', unitId: unit.id, target: created.username, details: { userId: created.id, roles: created.roles } });
    return (await this.repo.findUser(created.id))!;
  }

  async setDisabled(actor: Actor, id: string, disabled: boolean): Promise<ManagedUserRow> {
    const user = await this.userInScope(actor, id);
    this.refuseSelf(actor, user, disabled ? 'DISABLE' : 'ENABLE');
    return this.afterCommit({ user: user.id }, () => this.repo.transaction(async (m) => {
      await this.repo.setDisabled(m, user.id, disabled);
      await this.audit.append({ actorId: Number(actor.id), actor: actor.name, action: disabled ? 'USER_DISABLE' : 'USER_ENABLE', unitId: user.unitId, target: user.username, details: { userId: user.id } }, m);
      return (await this.repo.findUser(user.id, m))!;
    }));
  }

  async resetPassword(actor: Actor, id: string, newPassword: string): Promise<ManagedUserRow> {
    const user = await this.userInScope(actor, id);
    this.refuseSelf(actor, user, 'RESET_PASSWORD');
    const problems = newPasswordViolations(user.username, newPassword, 'newPassword');
    if (problems.length) throw invalid(problems);
    const hash = await argon2.hash(newPassword);
    return this.afterCommit({ user: user.id }, () => this.repo.transaction(async (m) => {
      await this.repo.setPassword(m, user.id, hash, true);
      await this.audit.append({ actorId: Number(actor.id), actor: actor.name, action: 'USER_PASSWORD_RESET', unitId: user.unitId, target: user.username, details: { userId: user.id } }, m);
      return (await this.repo.findUser(user.id, m))!;
    }));
  }

  /** Roles and/or home unit: the administrator must administer both the user's unit and the new one. */
  async updateUser(actor: Actor, input: { id: string; roles?: Role[] | null; unitCode?: string | null }): Promise<ManagedUserRow> {
    requireRole(actor, Role.ADMIN);
    const newUnit = input.unitCode ? await this.tree.getUnit(input.unitCode, undefined, 'unitCode') : null;
    if (newUnit) requireAdminister(actor, newUnit, 'unitCode');
    const user = await this.userInScope(actor, input.id);
    const roles = input.roles ? [...new Set(input.roles)] : user.roles;
    if (input.roles) {
      const problems = rolesProblems(input.roles);
      if (problems.length) throw invalid(problems);
      if ([...roles].sort().join() !== [...user.roles].sort().join()) this.refuseSelf(actor, user, 'CHANGE_ROLES');
    }
    let unitId = user.unitId;
    if (newUnit) {
      if (newUnit.id !== user.unitId) this.refuseSelf(actor, user, 'CHANGE_UNIT');
      unitId = newUnit.id;
    }
    return this.afterCommit({ user: user.id }, () => this.repo.transaction(async (m) => {
      await this.repo.setRolesAndUnit(m, user.id, roles, unitId);
      await this.audit.append(
        {
          actorId: Number(actor.id),
          actor: actor.name,
          action: 'USER_UPDATE',
          unitId,
          target: user.username,
          details: { userId: user.id, before: { roles: user.roles, unitCode: user.unitCode }, after: { roles, unitCode: input.unitCode ?? user.unitCode } },
        },
        m,
      );
      return (await this.repo.findUser(user.id, m))!;
    }));
  }

  /** The signed-in user's own password; clears the must-change flag an administrator's reset set. */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<boolean> {
    if (actor.kind !== 'user') throw new AuthError(AuthErrorReason.API_KEY_READ_ONLY, 'an API key has no password');
    const hash = await this.repo.passwordHash(Number(actor.id));
    if (!hash || !(await argon2.verify(hash, currentPassword))) {
      // a wrong current password within a valid session is an input error, not a sign-out
      throw new DomainError('BAD_USER_INPUT', 'WRONG_PASSWORD', 'currentPassword: not your current password', { field: 'currentPassword' });
    }
    const problems = newPasswordViolations(actor.name, newPassword, 'newPassword');
    if (newPassword === currentPassword) problems.push({ rule: 'PASSWORD_REUSED', field: 'newPassword', message: 'newPassword: must differ from the current one' });
    if (problems.length) throw invalid(problems);
    const next = await argon2.hash(newPassword);
    const user = (await this.repo.findUser(Number(actor.id)))!;
    await this.afterCommit({ user: user.id }, () => this.repo.transaction(async (m) => {
      await this.repo.setPassword(m, user.id, next, false);
      await this.audit.append({ actorId: user.id, actor: actor.name, action: 'USER_PASSWORD_CHANGE', unitId: user.unitId, target: user.username, details: { userId: user.id } }, m);
    }));
    return true;
  }

  async mustChangePassword(actor: Actor): Promise<boolean> {
    return actor.kind === 'user' ? this.repo.mustChangePassword(Number(actor.id)) : false;
  }

  async listApiKeys(actor: Actor, q: { unitCode?: string | null; first?: number | null; after?: string | null }): Promise<Paged<ManagedApiKeyRow>> {
    const root = await this.root(actor, q.unitCode);
    const limit = checkPageSize(q.first);
    const after = decodeCursor(q.after) as [string, string] | undefined;
    const rows = await this.repo.listApiKeys({ rootPath: root.path, after: after ?? null, limit: limit + 1 });
    return page(rows, limit, (r) => [new Date(r.createdAt).toISOString(), r.id], () => this.repo.countApiKeys(root.path));
  }

  async createApiKey(actor: Actor, input: { name: string; unitCode: string; quotaPerMinute?: number | null }): Promise<{ secret: string; key: ManagedApiKeyRow }> {
    requireRole(actor, Role.ADMIN);
    const unit = await this.tree.getUnit(input.unitCode, undefined, 'unitCode');
    requireAdminister(actor, unit, 'unitCode');
    if (input.quotaPerMinute !== undefined && input.quotaPerMinute !== null) {
      const problems = quotaProblems(input.quotaPerMinute);
      if (problems.length) throw invalid(problems);
    }
    const created: CreatedApiKey = await this.auth.createApiKey(actor, input);
    await this.repo.transaction(async (m) => {
      if (input.quotaPerMinute) await this.repo.setQuota(m, created.id, input.quotaPerMinute);
      await this.audit.append({ actorId: Number(actor.id), actor: actor.name, action: 'API_KEY_CREATE', unitId: unit.id, target: created.id, details: { name: created.name, quotaPerMinute: input.quotaPerMinute ?? null } }, m);
    });
    return { secret: created.secret, key: (await this.repo.findApiKey(created.id))! };
  }

  private async keyInScope(actor: Actor, id: string): Promise<ManagedApiKeyRow> {
    requireRole(actor, Role.ADMIN);
    const key = await this.repo.findApiKey(parseUuid(id, 'id'));
    if (!key || !inSubtree(actor, refOf(key))) throw apiKeyNotFound(id);
    requireScope(actor, refOf(key), 'ADMINISTER', 'id');
    return key;
  }

  /** False for a key that does not exist or lies outside the subtree (the same answer), or is already revoked. */
  async revokeApiKey(actor: Actor, id: string): Promise<boolean> {
    let key: ManagedApiKeyRow;
    try {
      key = await this.keyInScope(actor, id);
    } catch (e) {
      if (e instanceof DomainError && e.reason === 'API_KEY_NOT_FOUND') return false;
      throw e;
    }
    return this.afterCommit({ apiKey: key.id }, () => this.repo.transaction(async (m) => {
      const revoked = await this.repo.revokeApiKey(m, key.id);
      if (revoked) await this.audit.append({ actorId: Number(actor.id), actor: actor.name, action: 'API_KEY_REVOKE', unitId: key.unitId, target: key.id, details: { name: key.name } }, m);
      return revoked;
    }));
  }

  async setApiKeyQuota(actor: Actor, id: string, quotaPerMinute: number): Promise<ManagedApiKeyRow> {
    const key = await this.keyInScope(actor, id);
    const problems = quotaProblems(quotaPerMinute);
    if (problems.length) throw invalid(problems);
    return this.afterCommit({ apiKey: key.id }, () => this.repo.transaction(async (m) => {
      await this.repo.setQuota(m, key.id, quotaPerMinute);
      await this.audit.append({ actorId: Number(actor.id), actor: actor.name, action: 'API_KEY_QUOTA', unitId: key.unitId, target: key.id, details: { before: key.quotaPerMinute, after: quotaPerMinute } }, m);
      return (await this.repo.findApiKey(key.id, m))!;
    }));
  }

  /** The admin audit of the administrator's subtree, newest first. */
  async adminAudit(actor: Actor, q: { unitCode?: string | null; action?: string | null; first?: number | null; after?: string | null }): Promise<Paged<AdminAuditEntry>> {
    const root = await this.root(actor, q.unitCode);
    const limit = checkPageSize(q.first);
    const after = decodeCursor(q.after) as [number] | undefined;
    const rows = await this.audit.list({ path: root.path, action: q.action ?? undefined, beforeId: after?.[0], limit: limit + 1 });
    return page(rows, limit, (r) => [Number(r.id)], () => this.repo.countAdminAudit(root.path, q.action ?? null));
  }
}
