import { Role, type Actor } from '@carenet/core';
import { mayFiles, registryReach, requireFileAccess, type FileCapability } from './registry-access.js';

const at = (kind: 'user' | 'apiKey', roles: Role[], path: number[]): Actor => ({ kind, id: 1, name: 'x', roles, unitId: path[path.length - 1]!, unitPathIds: path });
const PROVINCE = [1];
const CITY = [1, 2];
const COUNTY = [1, 2, 3];
const TOWNSHIP = [1, 2, 3, 4];
const VILLAGE = [1, 2, 3, 4, 5];
const LEVELS = { PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE };

/**
 * Every role at every level, and what it may do with files (domain.md §8–§9):
 * L list (names, last four digits), O open the full file, E edit, X export.
 */
const MATRIX: Record<keyof typeof LEVELS, Record<'CLERK' | 'APPROVER' | 'VIEWER' | 'ADMIN', string>> = {
  PROVINCE: { CLERK: '', APPROVER: '', VIEWER: '', ADMIN: '' },
  CITY: { CLERK: '', APPROVER: '', VIEWER: '', ADMIN: '' },
  COUNTY: { CLERK: 'LOE', APPROVER: 'L', VIEWER: 'L', ADMIN: 'LOX' },
  TOWNSHIP: { CLERK: 'LOE', APPROVER: 'L', VIEWER: 'L', ADMIN: 'L' },
  VILLAGE: { CLERK: 'LO', APPROVER: 'L', VIEWER: 'L', ADMIN: 'L' },
};
const LETTER: Record<FileCapability, string> = { LIST: 'L', OPEN: 'O', EDIT: 'E', EXPORT: 'X' };

describe('mayFiles, per role and level', () => {
  const cases = Object.entries(MATRIX).flatMap(([level, roles]) =>
    Object.entries(roles).flatMap(([role, may]) =>
      (Object.keys(LETTER) as FileCapability[]).map((cap) => [level, role, cap, may.includes(LETTER[cap])] as const),
    ),
  );
  it.each(cases)('%s %s %s → %s', (level, role, cap, expected) => {
    expect(mayFiles(at('user', [role as Role], LEVELS[level as keyof typeof LEVELS]), cap)).toBe(expected);
  });

  it.each(Object.entries(LEVELS))('an API key at the %s: nothing but counts', (_l, path) => {
    for (const cap of Object.keys(LETTER) as FileCapability[]) expect(mayFiles(at('apiKey', [Role.VIEWER], path), cap)).toBe(false);
  });

  it('roles add up: a county viewer who is also a clerk opens files', () => {
    expect(mayFiles(at('user', [Role.VIEWER, Role.CLERK], COUNTY), 'OPEN')).toBe(true);
  });
});

describe('registryReach', () => {
  it.each([
    ['API key at a county', at('apiKey', [Role.VIEWER], COUNTY), 'COUNTS'],
    ['admin at the province', at('user', [Role.ADMIN], PROVINCE), 'COUNTS'],
    ['admin at a city', at('user', [Role.ADMIN], CITY), 'COUNTS'],
    ['viewer at a county', at('user', [Role.VIEWER], COUNTY), 'FILES'],
    ['clerk at a county', at('user', [Role.CLERK], COUNTY), 'EDIT'],
    ['clerk at a township', at('user', [Role.CLERK, Role.VIEWER], TOWNSHIP), 'EDIT'],
    ['clerk at a village', at('user', [Role.CLERK], VILLAGE), 'FILES'],
  ])('%s → %s', (_n, actor, reach) => {
    expect(registryReach(actor)).toBe(reach);
  });
});

describe('requireFileAccess', () => {
  const village = { id: 5, code: '520102001001', depth: 5, pathIds: VILLAGE };
  const sibling = { id: 9, code: '520103001001', depth: 5, pathIds: [1, 2, 8, 7, 9] };
  const county = { id: 3, code: '520102000000', depth: 3, pathIds: COUNTY };
  it.each([
    ['township clerk edits its village', at('user', [Role.CLERK], TOWNSHIP), village, 'EDIT', null],
    ['county viewer lists its village', at('user', [Role.VIEWER], COUNTY), village, 'LIST', null],
    ['county viewer may not open a full file', at('user', [Role.VIEWER], COUNTY), village, 'OPEN', 'FORBIDDEN'],
    ['county viewer may not edit', at('user', [Role.VIEWER], COUNTY), village, 'EDIT', 'FORBIDDEN'],
    ['county admin exports its county', at('user', [Role.ADMIN], COUNTY), county, 'EXPORT', null],
    ['city admin may not export a county below it', at('user', [Role.ADMIN], CITY), county, 'EXPORT', 'FORBIDDEN'],
    ['province admin may not export', at('user', [Role.ADMIN], PROVINCE), county, 'EXPORT', 'FORBIDDEN'],
    ['county clerk, sibling county', at('user', [Role.CLERK], COUNTY), sibling, 'LIST', 'NOT_FOUND'],
    ['county admin, sibling county: files stay in the subtree', at('user', [Role.ADMIN], COUNTY), sibling, 'OPEN', 'NOT_FOUND'],
    ['province viewer: counts only, even in scope', at('user', [Role.VIEWER], PROVINCE), village, 'LIST', 'FORBIDDEN'],
    ['API key: counts only', at('apiKey', [Role.VIEWER], COUNTY), village, 'LIST', 'FORBIDDEN'],
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
