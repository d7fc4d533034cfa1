/**
 * People administration through GraphQL: an administrator of a county lists and searches the users
 * of their subtree (with the last sign-in), disables one (the token it already holds is refused on
 * its next request), re-enables, resets a password (to be changed at the next sign-in), changes
 * roles and unit (never to a unit outside their subtree), manages API keys and quotas; anything
 * outside the subtree answers like something that does not exist; every action is in adminAudit.
 */
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
let admin = '';
let provinceAdmin = '';
let T1 = '';
let T2 = '';
const PASSWORD = 'correct horse battery';

async function idOf(username: string): Promise<string> {
  const [row] = await api.db.query(`SELECT id FROM app_user WHERE username = $1`, [username]);
  return String(row.id);
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  admin = await api.tokenFor([Role.ADMIN], '520102', 'county-admin');
  provinceAdmin = await api.tokenFor([Role.ADMIN], '52', 'province-admin');
  const townships = await api.gql(`{ units(parentCode: "520102", first: 2) { edges { node { code } } } }`, {}, provinceAdmin);
  [T1, T2] = townships.data.units.edges.map((e: any) => e.node.code);
});
afterAll(async () => {
  await api?.close();
});

const ME = `{ me { name mustChangePassword } }`;

describe('users of the subtree', () => {
  it('lists and searches the users homed in the subtree, with their last sign-in; others are not listed', async () => {
    await api.tokenFor([Role.CLERK], T1, 'clerk-inside');
    await api.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: 'never-signed-in', password: PASSWORD, roles: ['VIEWER'], unitCode: '520102' } }, admin);
    await api.tokenFor([Role.CLERK], '520103', 'clerk-outside');
    const res = await api.gql(`{ users(first: 50) { totalCount edges { node { username unitCode lastLoginAt disabled roles unit { name } } } } }`, {}, admin);
    expect(res.errors).toBeUndefined();
    const names = res.data.users.edges.map((e: any) => e.node.username);
    expect(names).toEqual(expect.arrayContaining(['clerk-inside', 'county-admin', 'never-signed-in']));
    expect(names).not.toContain('clerk-outside');
    expect(names).not.toContain('province-admin');
    expect(res.data.users.totalCount).toBe(names.length);
    const byName = Object.fromEntries(res.data.users.edges.map((e: any) => [e.node.username, e.node]));
    expect(byName['clerk-inside'].lastLoginAt).not.toBeNull();
    expect(byName['never-signed-in'].lastLoginAt).toBeNull();
    const search = await api.gql(`{ users(search: "INSIDE") { edges { node { username } } } }`, {}, admin);
    expect(search.data.users.edges.map((e: any) => e.node.username)).toEqual(['clerk-inside']);
    const outside = await api.gql(`{ users(unitCode: "520103") { totalCount } }`, {}, admin);
    expect(outside.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('is for administrators only', async () => {
    const clerk = await api.tokenFor([Role.CLERK, Role.APPROVER], '520102');
    const res = await api.gql(`{ users { totalCount } }`, {}, clerk);
    expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});

describe('disable and re-enable', () => {
  it('refuses the token a disabled user already holds on its next request, and lets them in again once re-enabled', async () => {
    const token = await api.tokenFor([Role.CLERK], T1, 'to-disable');
    expect((await api.gql(ME, {}, token)).data.me.name).toBe('to-disable');
    const id = await idOf('to-disable');
    const off = await api.gql(`mutation($id: ID!) { disableUser(id: $id) { disabled } }`, { id }, admin);
    expect(off.data.disableUser.disabled).toBe(true);
    const refused = await api.gql(ME, {}, token);
    expect(refused.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const login = await api.gql(`mutation { login(username: "to-disable", password: "${PASSWORD}") { token } }`, {}, null);
    expect(login.errors?.[0]?.extensions.reason).toBe('INVALID_CREDENTIALS');
    await api.gql(`mutation($id: ID!) { enableUser(id: $id) { disabled } }`, { id }, admin);
    expect((await api.gql(ME, {}, token)).data.me.name).toBe('to-disable');
  });

  it('answers a user outside the subtree exactly like one that does not exist, and changes nothing', async () => {
    await api.tokenFor([Role.CLERK], '520103', 'sibling-clerk');
    const outside = await api.gql(`mutation($id: ID!) { disableUser(id: $id) { id } }`, { id: await idOf('sibling-clerk') }, admin);
    const missing = await api.gql(`mutation($id: ID!) { disableUser(id: $id) { id } }`, { id: '99999999' }, admin);
    expect(outside.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'NOT_FOUND', reason: 'USER_NOT_FOUND' }));
    expect(outside.errors?.[0]?.extensions.code).toBe(missing.errors?.[0]?.extensions.code);
    expect(outside.errors?.[0]?.extensions.reason).toBe(missing.errors?.[0]?.extensions.reason);
    const [row] = await api.db.query(`SELECT disabled_at FROM app_user WHERE username = 'sibling-clerk'`);
    expect(row.disabled_at).toBeNull();
  });

  it.each([
    ['disableUser(id: $id) { id }', '99999999999999999999'],
    ['enableUser(id: $id) { id }', '-1'],
    ['resetPassword(input: { id: $id, newPassword: "temporary-password-1" }) { id }', '1e3'],
    ['updateUser(input: { id: $id, roles: [VIEWER] }) { id }', '2147483648'],
    ['revokeApiKey(id: $id)', '99999999999999999999'],
    ['setApiKeyQuota(input: { id: $id, quotaPerMinute: 5 }) { id }', '0f8fad5b-d9cb-469f-a165-70867728950'],
  ])('refuses an id no row can have, naming the field: %s given %j', async (call, id) => {
    const res = await api.gql(`mutation($id: ID!) { ${call} }`, { id }, admin);
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INVALID_ID', field: 'id' });
    expect(res.errors?.[0]?.message).toMatch(/^id: an id is /);
  });

  it('does not let an administrator disable themselves', async () => {
    const res = await api.gql(`mutation($id: ID!) { disableUser(id: $id) { id } }`, { id: await idOf('county-admin') }, admin);
    expect(res.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', reason: 'SELF_ADMINISTRATION' }));
  });
});

describe('passwords', () => {
  it('a reset password works and must be changed at the next sign-in; changePassword clears the flag', async () => {
    await api.tokenFor([Role.CLERK], T1, 'forgetful');
    const id = await idOf('forgetful');
    const short = await api.gql(`mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { id } }`, { i: { id, newPassword: 'short' } }, admin);
    expect(short.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(short.errors?.[0]?.message).toMatch(/newPassword/);
    const reset = await api.gql(`mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { mustChangePassword } }`, { i: { id, newPassword: 'temporary-password-1' } }, admin);
    expect(reset.data.resetPassword.mustChangePassword).toBe(true);
    const old = await api.gql(`mutation { login(username: "forgetful", password: "${PASSWORD}") { token } }`, {}, null);
    expect(old.errors?.[0]?.extensions.reason).toBe('INVALID_CREDENTIALS');
    const login = await api.gql(`mutation { login(username: "forgetful", password: "temporary-password-1") { token viewer { mustChangePassword } } }`, {}, null);
    expect(login.data.login.viewer.mustChangePassword).toBe(true);
    const token = login.data.login.token;
    const wrong = await api.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`, { i: { currentPassword: 'nope-nope-nope', newPassword: 'my-own-password-2' } }, token);
    expect(wrong.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', reason: 'WRONG_PASSWORD' }));
    const changed = await api.gql(`mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`, { i: { currentPassword: 'temporary-password-1', newPassword: 'my-own-password-2' } }, token);
    expect(changed.data.changePassword).toBe(true);
    expect((await api.gql(ME, {}, token)).data.me.mustChangePassword).toBe(false);
  });
});

describe('roles and unit', () => {
  it('changes roles and moves a user within the subtree, never to a unit outside it', async () => {
    await api.tokenFor([Role.CLERK], T1, 'mover');
    const id = await idOf('mover');
    const ok = await api.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { roles unitCode } }`, { i: { id, roles: ['CLERK', 'APPROVER'], unitCode: T2 } }, admin);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.updateUser).toEqual({ roles: ['CLERK', 'APPROVER'], unitCode: T2 });
    const outside = await api.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { unitCode } }`, { i: { id, unitCode: '520103' } }, admin);
    expect(outside.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(outside.errors?.[0]?.message).toMatch(/unitCode/);
    const up = await api.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { unitCode } }`, { i: { id, unitCode: '52' } }, admin);
    expect(up.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const create = await api.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: 'elsewhere', password: PASSWORD, roles: ['CLERK'], unitCode: '520103' } }, admin);
    expect(create.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const self = await api.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }`, { i: { id: await idOf('county-admin'), roles: ['VIEWER'] } }, admin);
    expect(self.errors?.[0]?.extensions.reason).toBe('SELF_ADMINISTRATION');
    const [row] = await api.db.query(`SELECT u.roles, a.code FROM app_user u JOIN admin_unit a ON a.id = u.unit_id WHERE username = 'mover'`);
    expect(row).toEqual({ roles: ['CLERK', 'APPROVER'], code: T2 });
  });
});

describe('API keys', () => {
  it('creates with a quota (the secret once), lists, sets the quota, revokes; keys outside the subtree are not found', async () => {
    const created = await api.gql(`mutation($i: CreateManagedApiKeyInput!) { createManagedApiKey(input: $i) { secret apiKey { id name quotaPerMinute revoked } } }`, { i: { name: '数据中心', unitCode: '520102', quotaPerMinute: 60 } }, admin);
    expect(created.errors).toBeUndefined();
    const { secret, apiKey } = created.data.createManagedApiKey;
    expect(secret).toMatch(/^cnk_/);
    expect(apiKey).toEqual(expect.objectContaining({ name: '数据中心', quotaPerMinute: 60, revoked: false }));
    const other = await api.gql(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }`, { i: { name: 'other', unitCode: '520103' } }, provinceAdmin);
    const list = await api.gql(`{ apiKeys { totalCount edges { node { id name quotaPerMinute } } } }`, {}, admin);
    expect(list.data.apiKeys.edges.map((e: any) => e.node.id)).toEqual([apiKey.id]);
    const badQuota = await api.gql(`mutation($i: SetApiKeyQuotaInput!) { setApiKeyQuota(input: $i) { id } }`, { i: { id: apiKey.id, quotaPerMinute: 0 } }, admin);
    expect(badQuota.errors?.[0]?.message).toMatch(/quotaPerMinute/);
    const quota = await api.gql(`mutation($i: SetApiKeyQuotaInput!) { setApiKeyQuota(input: $i) { quotaPerMinute } }`, { i: { id: apiKey.id, quotaPerMinute: 600 } }, admin);
    expect(quota.data.setApiKeyQuota.quotaPerMinute).toBe(600);
    // a key outside the subtree: the same answer as a key that does not exist, and it keeps working
    const foreign = await api.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: other.data.createApiKey.apiKey.id }, admin);
    expect(foreign.data.revokeApiKey).toBe(false);
    expect((await api.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: '00000000-0000-4000-8000-000000000000' }, admin)).data.revokeApiKey).toBe(false);
    const foreignQuota = await api.gql(`mutation($i: SetApiKeyQuotaInput!) { setApiKeyQuota(input: $i) { id } }`, { i: { id: other.data.createApiKey.apiKey.id, quotaPerMinute: 5 } }, admin);
    expect(foreignQuota.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'NOT_FOUND', reason: 'API_KEY_NOT_FOUND' }));
    expect((await api.gql(`{ me { name } }`, {}, secret)).data.me.name).toBe('key:数据中心');
    expect((await api.gql(`mutation($id: ID!) { revokeApiKey(id: $id) }`, { id: apiKey.id }, admin)).data.revokeApiKey).toBe(true);
    expect((await api.gql(`{ me { name } }`, {}, secret)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('the admin audit', () => {
  it('has every administrative action of the subtree, newest first, and nothing from outside it', async () => {
    const res = await api.gql(`{ adminAudit(first: 100) { totalCount edges { node { actor action unitCode target details } } } }`, {}, admin);
    expect(res.errors).toBeUndefined();
    const actions = res.data.adminAudit.edges.map((e: any) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['USER_CREATE', 'USER_DISABLE', 'USER_ENABLE', 'USER_PASSWORD_RESET', 'USER_PASSWORD_CHANGE', 'USER_UPDATE', 'API_KEY_CREATE', 'API_KEY_QUOTA', 'API_KEY_REVOKE']));
    expect(res.data.adminAudit.totalCount).toBe(actions.length);
    expect(res.data.adminAudit.edges.every((e: any) => e.node.unitCode.startsWith('520102'))).toBe(true);
    expect(res.data.adminAudit.edges[0].node.action).toBe('API_KEY_REVOKE');
    const province = await api.gql(`{ adminAudit(first: 100) { edges { node { action unitCode } } } }`, {}, provinceAdmin);
    expect(province.data.adminAudit.edges.map((e: any) => e.node.unitCode)).toContain('520103000000');
    const clerk = await api.tokenFor([Role.CLERK], '520102');
    expect((await api.gql(`{ adminAudit { totalCount } }`, {}, clerk)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });
});
