/**
 * Who sees what of the registry (domain.md §8), as plain functions.
 *
 * - EDIT: clerks of the village's township or county (the file's keepers).
 * - FILES: any user whose home unit is a county, township or village above
 *   the file (names, masked identifiers; the full file, logged).
 * - COUNTS: API keys and every user above the county: counts, never names.
 *
 * Counts take the reports' scope (`requireScope`); files the actor's own
 * subtree. Outside either: NOT_FOUND, exactly as for a unit that does not exist.
 */
import { AccessError, Role, has, inSubtree, notFound, requireScope, type Actor, type UnitRef } from '@carenet/core';

export type RegistryAccess = 'EDIT' | 'FILES' | 'COUNTS';

const COUNTY_DEPTH = 3;
const TOWNSHIP_DEPTH = 4;

/** What the actor may see of files in general, before any file or unit is looked up. */
export function registryReach(actor: Actor): RegistryAccess {
  if (actor.kind !== 'user') return 'COUNTS';
  const depth = actor.unitPathIds.length;
  if (depth < COUNTY_DEPTH) return 'COUNTS';
  if (has(actor, Role.CLERK) && depth <= TOWNSHIP_DEPTH) return 'EDIT';
  return 'FILES';
}

/** Throws unless the actor may read files at all: FORBIDDEN, before anything about a file or unit is looked up. */
export function requireFileReach(actor: Actor, need: 'FILES' | 'EDIT' = 'FILES'): void {
  const reach = registryReach(actor);
  if (reach === 'COUNTS') {
    throw new AccessError('FORBIDDEN', 'COUNTS_ONLY', 'the registry gives you counts only: names and files are for the county, township and village that keep them');
  }
  if (need === 'EDIT' && reach !== 'EDIT') {
    throw new AccessError('FORBIDDEN', 'NOT_ALLOWED', 'files are kept by the clerks of the village\'s township and county');
  }
}

/**
 * Files of this unit (a village, or a unit above it): reach first, then the
 * subtree. Stricter than reports: an administrator's reach across the tree
 * does not extend to children's files; outside the subtree is NOT_FOUND.
 */
export function requireFileAccess(actor: Actor, unit: UnitRef, need: 'FILES' | 'EDIT', field = 'unitCode'): void {
  requireFileReach(actor, need);
  if (!inSubtree(actor, unit)) throw notFound(unit.code, field);
}

/** May the actor see this file (it lives in the actor's subtree)? Reach is checked beforehand. */
export function seesFile(actor: Actor, village: UnitRef): boolean {
  return inSubtree(actor, village);
}

/** Counts of this unit: anyone who may read the unit's reports. */
export function requireCountAccess(actor: Actor, unit: UnitRef, field = 'unitCode'): void {
  requireScope(actor, unit, 'READ', field);
}
