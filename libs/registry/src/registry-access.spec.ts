import { Role, type Actor } from '@carenet/core';
import { registryReach, requireFileAccess } from './registry-access.js';

const at = (kind: 'user' | 'apiKey', roles: Role[], path: number[]): Actor => ({ kind, id: 1, name: 'x', roles, unitId: path[path.length - 1]!, unitPathIds: path });
const PROVINCE = [1];
const CITY = [1, 2];
const COUNTY = [1, 2, 3];
const TOWNSHIP = [1, 2, 3, 4];
const VILLAGE = [1, 2, 3, 4, 5];

describe('registryReach', () => {
  it.each([
    ['API key at the province', at('apiKey', [Role.VIEWER], PROVINCE), 'COUNTS'],
    ['API key at a county', at('apiKey', [Role.VIEWER], COUNTY), 'COUNTS'],
    ['viewer at the province', at('user', [Role.VIEWER], PROVINCE), 'COUNTS'],
    ['viewer at a city', at('user', [Role.VIEWER], CITY), 'COUNTS'],
    ['clerk at a city', at('user', [Role.CLERK], CITY), 'COUNTS'],
    ['admin at the province', at('user', [Role.ADMIN], PROVINCE), 'COUNTS'],
    ['viewer at a county', at('user', [Role.VIEWER], COUNTY), 'FILES'],
    ['approver at a county', at('user', [Role.APPROVER], COUNTY), 'FILES'],
    ['clerk at a county', at('user', [Role.CLERK], COUNTY), 'EDIT'],
    ['clerk at a township', at('user', [Role.CLERK, Role.VIEWER], TOWNSHIP), 'EDIT'],
    ['clerk at a village', at('user', [Role.CLERK], VILLAGE), 'FILES'],
    ['viewer at a village', at('user', [Role.VIEWER], VILLAGE), 'FILES'],
  ])('%s → %s', (_n, actor, reach) => {
    expect(registryReach(actor)).toBe(reach);
  });
});

describe('requireFileAccess', () => {
  const village = { id: 5, code: '520102001001', depth: 5, pathIds: VILLAGE };
  const sibling = { id: 9, code: '520103001001', depth: 5, pathIds: [1, 2, 8, 7, 9] };
  it.each([
    ['township clerk edits its village', at('user', [Role.CLERK], TOWNSHIP), village, 'EDIT', null],
    ['county viewer reads its village', at('user', [Role.VIEWER], COUNTY), village, 'FILES', null],
    ['county viewer may not edit', at('user', [Role.VIEWER], COUNTY), village, 'EDIT', 'FORBIDDEN'],
    ['county clerk, sibling county', at('user', [Role.CLERK], COUNTY), sibling, 'FILES', 'NOT_FOUND'],
    ['county admin, sibling county: files stay in the subtree', at('user', [Role.ADMIN], COUNTY), sibling, 'FILES', 'NOT_FOUND'],
    ['province viewer: counts only, even in scope', at('user', [Role.VIEWER], PROVINCE), village, 'FILES', 'FORBIDDEN'],
    ['API key: counts only', at('apiKey', [Role.VIEWER], COUNTY), village, 'FILES', 'FORBIDDEN'],
  ] as const)('%s', (_n, actor, unit, need, category) => {
    let got: string | null = null;
    try {
      requireFileAccess(actor, unit, need);
    } catch (e) {
      got = (e as { category: string }).category;
    }
    expect(got).toBe(category);
  });
});
