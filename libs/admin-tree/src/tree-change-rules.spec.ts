import { Role, type Actor, type UnitRef } from '@carenet/core';
import { newCodeProblem, treeChangeReach, type TreeChangeRole } from './tree-change-rules.js';

/** Guizhou 1 › Guiyang 2 › Nanming 3 › a township 4 › a village 5; Yunyan 6 (a sibling county). */
const unit = (id: number, pathIds: number[]): UnitRef => ({ id, code: String(id), depth: pathIds.length, pathIds });
const province = unit(1, [1]);
const county = unit(3, [1, 2, 3]);
const township = unit(4, [1, 2, 3, 4]);
const village = unit(5, [1, 2, 3, 4, 5]);
const sibling = unit(6, [1, 2, 6]);
const admin = (pathIds: number[], lineageUnitIds?: number[]): Actor => ({
  kind: 'user', id: 1, name: 'a', roles: [Role.ADMIN], unitId: pathIds.at(-1)!, unitPathIds: pathIds, lineageUnitIds,
});
const countyAdmin = admin([1, 2, 3]);

const reach: [string, Actor, UnitRef, TreeChangeRole, ReturnType<typeof treeChangeReach>][] = [
  ['a county admin changes a township of theirs', countyAdmin, township, 'CHANGED', 'OK'],
  ['a county admin changes a village of theirs', countyAdmin, village, 'CHANGED', 'OK'],
  ['a county admin may not change (retire, split, rename, move) their own county', countyAdmin, county, 'CHANGED', 'OWN_UNIT'],
  ['nor their own county under its earlier row (before a rename)', admin([1, 2, 30], [3]), county, 'CHANGED', 'OWN_UNIT'],
  ['a county admin places a township under their own county', countyAdmin, county, 'PLACE', 'OK'],
  ['a county admin may not change the province above them', countyAdmin, province, 'CHANGED', 'OUTSIDE'],
  ['nor place anything there', countyAdmin, province, 'PLACE', 'OUTSIDE'],
  ['nor touch a sibling county', countyAdmin, sibling, 'CHANGED', 'OUTSIDE'],
  ['a province admin changes a county', admin([1]), county, 'CHANGED', 'OK'],
  ['a province admin may not change the province', admin([1]), province, 'CHANGED', 'OWN_UNIT'],
];

const codes: [string, string, { code: string; depth: number }, string | null][] = [
  ['a village under its township', '520102001001', { code: '520102001000', depth: 4 }, null],
  ['a village under another township', '520102002001', { code: '520102001000', depth: 4 }, 'a unit under 520102001000 has a code that starts with its 9 digits 520102001'],
  ['a village whose own digits are 000', '520102001000', { code: '520102001000', depth: 4 }, "digits 10 to 12 are the unit's own and may not all be 0"],
  ['a township under its county', '520102099000', { code: '520102000000', depth: 3 }, null],
  ['a township under another county', '520103099000', { code: '520102000000', depth: 3 }, 'a unit under 520102000000 has a code that starts with its 6 digits 520102'],
  ['a township with a village’s digits', '520102099001', { code: '520102000000', depth: 3 }, 'a unit of this level ends in 3 zeros (520102xxx000)'],
  ['a county under its city', '520199000000', { code: '520100000000', depth: 2 }, null],
  ['a county under another city', '520299000000', { code: '520100000000', depth: 2 }, 'a unit under 520100000000 has a code that starts with its 4 digits 5201'],
  ['a city under its province', '529900000000', { code: '520000000000', depth: 1 }, null],
  ['a short code', '520102099', { code: '520102000000', depth: 3 }, 'a new unit needs its full 12-digit code'],
  ['anything under a village', '520102001001', { code: '520102001001', depth: 5 }, 'no unit can be created below a village'],
];

describe('a unit is changed only from above it', () => {
  it.each(reach)('%s', (_what, actor, u, role, expected) => {
    expect(treeChangeReach(actor, u, role)).toBe(expected);
  });
});

describe('a new code lies under its parent’s code', () => {
  it.each(codes)('%s', (_what, code, parent, expected) => {
    expect(newCodeProblem(code, parent)).toBe(expected);
  });
});
