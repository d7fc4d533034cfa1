import { Role, type Actor } from './actor.js';
import { isProvinceAdmin, may, requireScope, type Action, type UnitRef } from './access.js';

// province 1 → city 2 → county 3 → township 4 → village 5; a sibling county 33 under city 2
const unit = (pathIds: number[]): UnitRef => ({ id: pathIds.at(-1)!, code: String(pathIds.at(-1)).padEnd(12, '0'), depth: pathIds.length, pathIds });
const PROVINCE = unit([1]);
const CITY = unit([1, 2]);
const COUNTY = unit([1, 2, 3]);
const TOWNSHIP = unit([1, 2, 3, 4]);
const VILLAGE = unit([1, 2, 3, 4, 5]);
const SIBLING_COUNTY = unit([1, 2, 33]);
const SIBLING_VILLAGE = unit([1, 2, 33, 44, 55]);

const actor = (roles: Role[], home: UnitRef, kind: Actor['kind'] = 'user'): Actor => ({ kind, id: 7, name: 'u', roles, unitId: home.id, unitPathIds: home.pathIds });

describe('who may do what where', () => {
  it.each<[string, Actor, Action, UnitRef, boolean]>([
    ['a county clerk enters its own county', actor([Role.CLERK], COUNTY), 'ENTER', COUNTY, true],
    ['a county clerk enters for a village below (代填报)', actor([Role.CLERK], COUNTY), 'ENTER', VILLAGE, true],
    ['a county clerk may not enter for its city', actor([Role.CLERK], COUNTY), 'ENTER', CITY, false],
    ['a county clerk may not enter for a sibling county', actor([Role.CLERK], COUNTY), 'ENTER', SIBLING_COUNTY, false],
    ['a county clerk may not approve', actor([Role.CLERK], COUNTY), 'APPROVE', VILLAGE, false],
    ['a county approver approves a township below', actor([Role.APPROVER], COUNTY), 'APPROVE', TOWNSHIP, true],
    ['a county approver approves a village below', actor([Role.APPROVER], COUNTY), 'APPROVE', VILLAGE, true],
    ['a county approver may not approve its own county', actor([Role.APPROVER], COUNTY), 'APPROVE', COUNTY, false],
    ['a county approver may not approve a sibling village', actor([Role.APPROVER], COUNTY), 'APPROVE', SIBLING_VILLAGE, false],
    ['a provincial approver signs off the province', actor([Role.APPROVER], PROVINCE), 'APPROVE', PROVINCE, true],
    ['a provincial approver approves a city', actor([Role.APPROVER], PROVINCE), 'APPROVE', CITY, true],
    ['an approver may not enter figures', actor([Role.APPROVER], COUNTY), 'ENTER', VILLAGE, false],
    ['a viewer reads below', actor([Role.VIEWER], CITY), 'READ', VILLAGE, true],
    ['a viewer reads its own unit', actor([Role.VIEWER], CITY), 'READ', CITY, true],
    ['a viewer may not read above', actor([Role.VIEWER], CITY), 'READ', PROVINCE, false],
    ['a viewer may not enter', actor([Role.VIEWER], CITY), 'ENTER', VILLAGE, false],
    ['a province admin reads the whole province', actor([Role.ADMIN], PROVINCE), 'READ', SIBLING_VILLAGE, true],
    ['a county admin reads its county', actor([Role.ADMIN], COUNTY), 'READ', VILLAGE, true],
    ['a county admin does not read a sibling county', actor([Role.ADMIN], COUNTY), 'READ', SIBLING_COUNTY, false],
    ['a county admin does not read its city', actor([Role.ADMIN], COUNTY), 'READ', CITY, false],
    ['a village admin does not read a sibling village', actor([Role.ADMIN], VILLAGE), 'READ', SIBLING_VILLAGE, false],
    ['a province admin administers the province', actor([Role.ADMIN], PROVINCE), 'ADMINISTER', PROVINCE, true],
    ['a province admin administers a village', actor([Role.ADMIN], PROVINCE), 'ADMINISTER', VILLAGE, true],
    ['a county admin administers its own county', actor([Role.ADMIN], COUNTY), 'ADMINISTER', COUNTY, true],
    ['a county admin administers a village below', actor([Role.ADMIN], COUNTY), 'ADMINISTER', VILLAGE, true],
    ['a county admin does not administer the province', actor([Role.ADMIN], COUNTY), 'ADMINISTER', PROVINCE, false],
    ['a county admin does not administer its city', actor([Role.ADMIN], COUNTY), 'ADMINISTER', CITY, false],
    ['a county admin does not administer a sibling county', actor([Role.ADMIN], COUNTY), 'ADMINISTER', SIBLING_COUNTY, false],
    ['an approver does not administer below', actor([Role.APPROVER], PROVINCE), 'ADMINISTER', VILLAGE, false],
    ['an API key with an admin role never administers', actor([Role.ADMIN], PROVINCE, 'apiKey'), 'ADMINISTER', VILLAGE, false],
    ['an admin does not enter figures by being admin', actor([Role.ADMIN], PROVINCE), 'ENTER', VILLAGE, false],
    ['a clerk does not administer', actor([Role.CLERK], PROVINCE), 'ADMINISTER', PROVINCE, false],
    ['an API key reads its subtree', actor([Role.VIEWER], COUNTY, 'apiKey'), 'READ', VILLAGE, true],
    ['an API key reads nothing outside it', actor([Role.VIEWER], COUNTY, 'apiKey'), 'READ', SIBLING_VILLAGE, false],
    ['an API key never enters, even with a clerk role', actor([Role.CLERK], COUNTY, 'apiKey'), 'ENTER', VILLAGE, false],
    ['an API key never approves', actor([Role.APPROVER], COUNTY, 'apiKey'), 'APPROVE', VILLAGE, false],
  ])('%s', (_what, who, action, where, allowed) => {
    expect(may(who, action, where)).toBe(allowed);
  });

  it.each<[string, Actor, boolean]>([
    ['a province admin', actor([Role.ADMIN], PROVINCE), true],
    ['a city admin', actor([Role.ADMIN], CITY), false],
    ['a county admin', actor([Role.ADMIN], COUNTY), false],
    ['a provincial approver', actor([Role.APPROVER, Role.VIEWER], PROVINCE), false],
    ['an API key at the province', actor([Role.ADMIN], PROVINCE, 'apiKey'), false],
  ])('queue and catalogue operations: %s → %s', (_what, who, allowed) => {
    expect(isProvinceAdmin(who)).toBe(allowed);
  });

  // township 4 moved from county 3 to county 33: its new row 40 continues row 4 (village 5's new row is 50)
  const MOVED_TOWNSHIP = unit([1, 2, 33, 40]);
  const MOVED_VILLAGE = unit([1, 2, 33, 40, 50]);
  const SIBLING_TOWNSHIP = unit([1, 2, 3, 6]);
  const moved = (roles: Role[]): Actor => ({ ...actor(roles, MOVED_TOWNSHIP), lineageUnitIds: [4] });
  it.each<[string, Actor, Action, UnitRef, boolean]>([
    ['a moved township clerk enters its own months before the move', moved([Role.CLERK]), 'ENTER', TOWNSHIP, true],
    ['a moved township clerk enters for its villages before the move', moved([Role.CLERK]), 'ENTER', VILLAGE, true],
    ['a moved township clerk enters after the move', moved([Role.CLERK]), 'ENTER', MOVED_VILLAGE, true],
    ['a moved township clerk does not read its old county', moved([Role.CLERK]), 'READ', COUNTY, false],
    ['a moved township clerk does not read a township of its old county', moved([Role.CLERK]), 'READ', SIBLING_TOWNSHIP, false],
    ['a moved township clerk does not read its new county', moved([Role.CLERK]), 'READ', SIBLING_COUNTY, false],
    ['a moved township approver does not approve its own earlier row', moved([Role.APPROVER]), 'APPROVE', TOWNSHIP, false],
    ['a moved township approver approves its village before the move', moved([Role.APPROVER]), 'APPROVE', VILLAGE, true],
    ['the old county clerk does not read the township after the move', actor([Role.CLERK], COUNTY), 'READ', MOVED_TOWNSHIP, false],
    ['the old county clerk reads the township before the move', actor([Role.CLERK], COUNTY), 'READ', TOWNSHIP, true],
    ['the new county clerk does not read the township before the move', actor([Role.CLERK], SIBLING_COUNTY), 'READ', TOWNSHIP, false],
  ])('scope follows the home unit’s lineage: %s', (_what, who, action, where, allowed) => {
    expect(may(who, action, where)).toBe(allowed);
  });

  it('ADMINISTER outside the subtree is NOT_FOUND, inside without the role FORBIDDEN', () => {
    expect(() => requireScope(actor([Role.ADMIN], COUNTY), PROVINCE, 'ADMINISTER')).toThrow(expect.objectContaining({ category: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' }));
    expect(() => requireScope(actor([Role.ADMIN], COUNTY), SIBLING_VILLAGE, 'ADMINISTER')).toThrow(expect.objectContaining({ category: 'NOT_FOUND' }));
    expect(() => requireScope(actor([Role.VIEWER], COUNTY), VILLAGE, 'ADMINISTER')).toThrow(expect.objectContaining({ category: 'FORBIDDEN' }));
    expect(() => requireScope(actor([Role.ADMIN], COUNTY), VILLAGE, 'ADMINISTER')).not.toThrow();
  });

  it('answers NOT_FOUND outside the subtree and FORBIDDEN inside it', () => {
    const clerk = actor([Role.CLERK], COUNTY);
    expect(() => requireScope(clerk, SIBLING_VILLAGE, 'ENTER')).toThrow(expect.objectContaining({ category: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' }));
    expect(() => requireScope(clerk, VILLAGE, 'APPROVE')).toThrow(expect.objectContaining({ category: 'FORBIDDEN' }));
    expect(() => requireScope(clerk, VILLAGE, 'ENTER')).not.toThrow();
  });
});
