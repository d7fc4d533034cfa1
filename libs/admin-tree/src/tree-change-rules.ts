/**
 * Where a tree change may reach, and which new codes fit the tree (plain
 * functions; the spec beside this file lists them case by case).
 */
import { inSubtree, strictlyBelow, SHORT_CODE_LENGTHS, type Actor, type UnitRef } from '@carenet/core';

/**
 * How a change names a unit: CHANGED (renamed, moved, merged, merged into,
 * split, retired) or PLACE (the parent a unit is created, moved or merged
 * under).
 */
export type TreeChangeRole = 'CHANGED' | 'PLACE';

/**
 * A unit is changed only from above it: an administrator changes units
 * strictly below their home unit (OWN_UNIT for the home unit itself), and
 * may place units under their home unit or below it. OUTSIDE: not in the
 * administrator's subtree at all (answered as if it did not exist).
 */
export function treeChangeReach(actor: Actor, unit: UnitRef, role: TreeChangeRole): 'OK' | 'OWN_UNIT' | 'OUTSIDE' {
  if (!inSubtree(actor, unit)) return 'OUTSIDE';
  if (role === 'CHANGED' && !strictlyBelow(actor, unit)) return 'OWN_UNIT';
  return 'OK';
}

/**
 * Why a new unit's 12-digit code does not fit under its parent (null: it
 * fits). A code is its parent's digits, the unit's own digits (not all zero,
 * or it would read as its parent), then zeros: a village's 12 digits start
 * with its township's 9, a township's (then 000) with its county's 6, a
 * county's (then 000000) with its city's 4, a city's with its province's 2.
 */
export function newCodeProblem(code: string, parent: { code: string; depth: number }): string | null {
  if (parent.depth < 1 || parent.depth >= SHORT_CODE_LENGTHS.length) return `no unit can be created below a ${parent.depth === SHORT_CODE_LENGTHS.length ? 'village' : 'unit of this level'}`;
  const from = SHORT_CODE_LENGTHS[parent.depth - 1]!;
  const to = SHORT_CODE_LENGTHS[parent.depth]!;
  const prefix = parent.code.slice(0, from);
  if (!/^\d{12}$/.test(code)) return `a new unit needs its full 12-digit code`;
  if (!code.startsWith(prefix)) return `a unit under ${parent.code} has a code that starts with its ${from} digits ${prefix}`;
  if (/^0+$/.test(code.slice(from, to))) return `digits ${from + 1} to ${to} are the unit's own and may not all be 0`;
  if (!/^0*$/.test(code.slice(to))) return `a unit of this level ends in ${12 - to} zeros (${prefix}${'x'.repeat(to - from)}${'0'.repeat(12 - to)})`;
  return null;
}
