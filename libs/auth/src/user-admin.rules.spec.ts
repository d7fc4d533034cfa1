import { passwordProblems, quotaProblems, rolesProblems, selfActionRefusal, type UserAdminAction } from './user-admin.rules.js';

describe('selfActionRefusal', () => {
  const cases: [string, number | string, number, UserAdminAction, boolean][] = [
    ['disable another user', 1, 2, 'DISABLE', false],
    ['disable oneself', 1, 1, 'DISABLE', true],
    ['disable oneself (actor id as text)', '1', 1, 'DISABLE', true],
    ['change own roles', 7, 7, 'CHANGE_ROLES', true],
    ['change another user’s roles', 7, 8, 'CHANGE_ROLES', false],
    ['move oneself', 7, 7, 'CHANGE_UNIT', true],
    ['reset own password', 7, 7, 'RESET_PASSWORD', true],
    ['re-enable oneself (cannot happen, harmless)', 7, 7, 'ENABLE', false],
  ];
  it.each(cases)('%s', (_, actor, target, action, refused) => {
    expect(selfActionRefusal(actor, target, action) !== null).toBe(refused);
  });
});

describe('passwordProblems', () => {
  it.each([
    ['', 1],
    ['123456789', 1],
    ['1234567890', 0],
    ['x'.repeat(200), 0],
    ['x'.repeat(201), 1],
  ])('%j → %i problem(s)', (pw, n) => {
    const problems = passwordProblems(pw, 'newPassword');
    expect(problems).toHaveLength(n);
    problems.forEach((p) => expect(p.field).toBe('newPassword'));
  });
});

describe('rolesProblems', () => {
  it.each([
    [[], 1],
    [['CLERK'], 0],
    [['CLERK', 'APPROVER', 'VIEWER', 'ADMIN'], 0],
    [['ROOT'], 1],
    [['CLERK', 'clerk'], 1],
  ])('%j → %i problem(s)', (roles, n) => {
    expect(rolesProblems(roles as string[])).toHaveLength(n);
  });
});

describe('quotaProblems', () => {
  it.each([
    [0, 1],
    [1, 0],
    [1200, 0],
    [100_000, 0],
    [100_001, 1],
    [1.5, 1],
    [-3, 1],
  ])('%d → %i problem(s)', (q, n) => {
    expect(quotaProblems(q)).toHaveLength(n);
  });
});
