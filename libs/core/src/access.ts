/**
 * Who may do what where (docs/domain.md §5), as plain functions of the actor and
 * the unit's path. A unit the actor may not read is reported exactly like a
 * unit that does not exist; one it may read but not act on is FORBIDDEN.
 */
import { Role, type Actor } from './actor.js';
import { DomainError } from './errors.js';

export type Action = 'READ' | 'ENTER' | 'APPROVE' | 'ADMINISTER';

export interface UnitRef {
  id: number;
  code: string;
  depth: number;
  /** Ids from the province down to this unit, itself last. */
  pathIds: number[];
}

export function has(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

/** A signed-in user (not an API key) holding the role. */
export function actsAs(actor: Actor, role: Role): boolean {
  return actor.kind === 'user' && has(actor, role);
}

/** The home unit's rows: the current one and those it continues (before a rename, a move, a merge into it). */
function homeIds(actor: Actor): number[] {
  return actor.lineageUnitIds?.length ? [actor.unitId, ...actor.lineageUnitIds] : [actor.unitId];
}

/** The unit is the actor's home unit or below it (in the home unit's current row, or an earlier row it continues). */
export function inSubtree(actor: Actor, unit: UnitRef): boolean {
  return homeIds(actor).some((id) => unit.pathIds.includes(id));
}

/** The unit is strictly below the actor's home unit. */
export function strictlyBelow(actor: Actor, unit: UnitRef): boolean {
  return !homeIds(actor).includes(unit.id) && inSubtree(actor, unit);
}

/**
 * The one rule of who may do what where. Every role, ADMIN included, reads and
 * acts only within its own subtree (a province ADMIN: that province's tree);
 * an ADMIN administers there and nowhere else, so can never grant a unit
 * outside it.
 */
export function may(actor: Actor, action: Action, unit: UnitRef): boolean {
  switch (action) {
    case 'READ':
      return inSubtree(actor, unit);
    case 'ENTER':
      return actsAs(actor, Role.CLERK) && inSubtree(actor, unit);
    case 'APPROVE':
      // approvers act on the units below them; the province's approver also signs off the province itself
      return (
        actsAs(actor, Role.APPROVER) &&
        (strictlyBelow(actor, unit) || (unit.id === actor.unitId && unit.depth === 1))
      );
    case 'ADMINISTER':
      return actsAs(actor, Role.ADMIN) && inSubtree(actor, unit);
  }
}

/**
 * Operations that are not about one unit's subtree (the queue board's write
 * actions, the catalogue): a province's administrators only.
 */
export function isProvinceAdmin(actor: Actor): boolean {
  return actsAs(actor, Role.ADMIN) && actor.unitPathIds.length === 1;
}

export class AccessError extends DomainError {}

/** The one answer for anything outside the actor's scope: the same as a unit that does not exist. */
export function notFound(code: string, field: string): AccessError {
  return new AccessError('NOT_FOUND', 'UNIT_NOT_FOUND', `${field}: no unit with code ${code}`, { field });
}

/** Throws NOT_FOUND when the actor may not even read the unit, FORBIDDEN when it may read but not act. */
export function requireScope(actor: Actor, unit: UnitRef, action: Action, field = 'unitCode'): void {
  if (!may(actor, 'READ', unit)) throw notFound(unit.code, field);
  if (action !== 'READ' && !may(actor, action, unit)) {
    const what = { ENTER: 'enter figures for', APPROVE: 'approve, return, reopen or exempt reports of', ADMINISTER: 'administer' }[action];
    throw new AccessError('FORBIDDEN', 'NOT_ALLOWED', `you may not ${what} unit ${unit.code}`, { field });
  }
}

export function requireRole(actor: Actor, role: Role): void {
  if (!has(actor, role) || (role !== Role.VIEWER && actor.kind !== 'user')) {
    throw new AccessError('FORBIDDEN', 'NOT_ALLOWED', `this needs the ${role} role`);
  }
}
