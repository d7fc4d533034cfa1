/**
 * Who sees what of the registry (domain.md §8–§9): the one table, as plain
 * functions. A user's roles and the level of their home unit decide; the
 * subtree decides where.
 *
 * | capability | who                                                         | what it gives                          |
 * |------------|-------------------------------------------------------------|----------------------------------------|
 * | COUNTS     | anyone who may read the unit's reports (API keys included)  | counts, never names                    |
 * | LIST       | users at a county, township or village (any role)           | names, the last four digits, lists     |
 * | OPEN       | the keepers: CLERKs at a county, township or village;       | the full file, decrypted, logged;      |
 * |            | and the county's own ADMINs                                 | a file's access log                    |
 * | EDIT       | CLERKs at a county or township                              | open, change, transfer, close files    |
 * | EXPORT     | the county's own ADMINs (home unit: the county)             | the county's files decrypted, logged   |
 *
 * Users above the county (cities, the province), ADMINs included, get counts
 * only. Counts take the reports' scope (`requireScope`); files the actor's
 * own subtree. Outside either: NOT_FOUND, exactly as for a unit that does not
 * exist; inside it without the capability: FORBIDDEN.
 */
import { AccessError, Role, has, inSubtree, notFound, requireScope, type Actor, type UnitRef } from '@carenet/core';

export const FILE_CAPABILITIES = ['LIST', 'OPEN', 'EDIT', 'EXPORT'] as const;
export type FileCapability = (typeof FILE_CAPABILITIES)[number];

/** What the API tells screens: the broadest of the actor's capabilities. */
export type RegistryAccess = 'EDIT' | 'FILES' | 'COUNTS';

const COUNTY = 3;
const TOWNSHIP = 4;
const VILLAGE = 5;

/** The table above: for each capability, the roles that give it and the levels of home unit where they do. */
const GRANTS: Record<FileCapability, { role: Role | 'ANY'; levels: number[] }[]> = {
  LIST: [{ role: 'ANY', levels: [COUNTY, TOWNSHIP, VILLAGE] }],
  OPEN: [
    { role: Role.CLERK, levels: [COUNTY, TOWNSHIP, VILLAGE] },
    { role: Role.ADMIN, levels: [COUNTY] },
  ],
  EDIT: [{ role: Role.CLERK, levels: [COUNTY, TOWNSHIP] }],
  EXPORT: [{ role: Role.ADMIN, levels: [COUNTY] }],
};

const REFUSALS: Record<FileCapability, string> = {
  LIST: 'the registry gives you counts only: names and files are for the county, township and village that keep them',
  OPEN: "full files are opened by the files' keepers (the clerks of the village, its township and county) and the county's administrators",
  EDIT: "files are kept by the clerks of the village's township and county",
  EXPORT: "a county's files are exported by that county's own administrators",
};

/** May the actor do this with files anywhere in its subtree (before any file or unit is looked up)? */
export function mayFiles(actor: Actor, capability: FileCapability): boolean {
  if (actor.kind !== 'user') return false;
  const level = actor.unitPathIds.length;
  return GRANTS[capability].some((g) => g.levels.includes(level) && (g.role === 'ANY' || has(actor, g.role)));
}

/** Everything the actor may do with files in its subtree (for the API to tell screens). */
export function fileCapabilities(actor: Actor): FileCapability[] {
  return FILE_CAPABILITIES.filter((c) => mayFiles(actor, c));
}

/** What the actor may see of files in general. */
export function registryReach(actor: Actor): RegistryAccess {
  if (mayFiles(actor, 'EDIT')) return 'EDIT';
  if (mayFiles(actor, 'LIST')) return 'FILES';
  return 'COUNTS';
}

/** Throws FORBIDDEN unless the actor has the capability, before anything about a file or unit is looked up. */
export function requireFileReach(actor: Actor, capability: FileCapability = 'LIST'): void {
  if (!mayFiles(actor, capability)) {
    const reason = mayFiles(actor, 'LIST') ? 'NOT_ALLOWED' : 'COUNTS_ONLY';
    throw new AccessError('FORBIDDEN', reason, REFUSALS[mayFiles(actor, 'LIST') ? capability : 'LIST']);
  }
}

/**
 * Files of this unit (a village, or a unit above it): outside the actor's
 * subtree is NOT_FOUND, whatever the capability; inside it, FORBIDDEN without
 * the capability. Stricter than reports: an administrator's reach across the
 * tree does not extend to children's files.
 */
export function requireFileAccess(actor: Actor, unit: UnitRef, capability: FileCapability, field = 'unitCode'): void {
  requireFileReach(actor, capability);
  if (!inSubtree(actor, unit)) throw notFound(unit.code, field);
}

/** May the actor see this file (it lives in the actor's subtree)? The capability is checked beforehand. */
export function seesFile(actor: Actor, village: UnitRef): boolean {
  return inSubtree(actor, village);
}

/** Counts of this unit: anyone who may read the unit's reports. */
export function requireCountAccess(actor: Actor, unit: UnitRef, field = 'unitCode'): void {
  requireScope(actor, unit, 'READ', field);
}
