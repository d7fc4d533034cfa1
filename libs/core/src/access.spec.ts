import { Role, type Actor } from './actor.js';
import { may, requireScope, type Action, type UnitRef } from './access.js';

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
    ['an admin reads anywhere', actor([Role.ADMIN], VILLAGE), 'READ', SIBLING_COUNTY, true],
    ['an admin administers', actor([Role.ADMIN], PROVINCE), 'ADMINISTER', PROVINCE, true],
    ['an admin does not enter figures by being admin', actor([Role.ADMIN], PROVINCE), 'ENTER', VILLAGE, false],
    ['a clerk does not administer', actor([Role.CLERK], PROVINCE), 'ADMINISTER', PROVINCE, false],
    ['an API key reads its subtree', actor([Role.VIEWER], COUNTY, 'apiKey'), 'READ', VILLAGE, true],
    ['an API key reads nothing outside it', actor([Role.VIEWER], COUNTY, 'apiKey'), 'READ', SIBLING_VILLAGE, false],
    ['an API key never enters, even with a clerk role', actor([Role.CLERK], COUNTY, 'apiKey'), 'ENTER', VILLAGE, false],
    ['an API key never approves', actor([Role.APPROVER], COUNTY, 'apiKey'), 'APPROVE', VILLAGE, false],
  ])('%s', (_what, who, action, where, allowed) => {
    expect(may(who, action, where)).toBe(allowed);
  });

  it('answers NOT_FOUND outside the subtree and FORBIDDEN inside it', () => {
    const clerk = actor([Role.CLERK], COUNTY);
    expect(() => requireScope(clerk, SIBLING_VILLAGE, 'ENTER')).toThrow(expect.objectContaining({ category: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' }));
    expect(() => requireScope(clerk, VILLAGE, 'APPROVE')).toThrow(expect.objectContaining({ category: 'FORBIDDEN' }));
    expect(() => requireScope(clerk, VILLAGE, 'ENTER')).not.toThrow();
  });
});
