import { newPasswordViolations, quotaProblems, rolesProblems, selfActionRefusal, type UserAdminAction } from './user-admin.rules.js';

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

describe('newPasswordViolations (the password policy at a field)', () => {
  it.each([
    ['', true],
    ['short', true],
    ['clerk.zhang', true], // the user name itself
    ['password123', true], // a common password
    ['river-lantern-1742-kite', false],
  ])('%j refused: %s', (pw, refused) => {
    const problems = newPasswordViolations('clerk.zhang', pw, 'newPassword');
    expect(problems.length > 0).toBe(refused);
    problems.forEach((p) => expect(p).toMatchObject({ field: 'newPassword', rule: 'PASSWORD_POLICY' }));
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
