/**
 * The first-run setup on an empty database: setupState says it is needed and
 * lists the provinces; bad input is refused naming its field and changes
 * nothing; two setups at once make one administrator; once a user exists it
 * is closed for good; the provinces after the first load in the background
 * with progress, through the outbox.
 */
import { Role } from '@carenet/core';
import { SetupService } from '@carenet/setup';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;

const STATE = `{ setupState { needed provinces { code name } } }`;
const SET_UP = `mutation($i: SetUpInput!) { setUp(input: $i) { token viewer { name roles unit { code name } } } }`;
const PROGRESS = `{ setupProgress { province name status phase done total error } }`;
const PASSWORD = 'kite harbor lantern 1987';

beforeAll(async () => {
  api = await startTestApi({ tree: 'empty' });
});
afterAll(async () => {
  await api?.close();
});

async function counts() {
  const [row] = await api.db.query(`SELECT (SELECT count(*)::int FROM app_user) AS users, (SELECT count(*)::int FROM admin_unit) AS units, (SELECT count(*)::int FROM setup_province) AS provinces`);
  return row;
}

it('is needed on an empty database, and lists the 31 provinces of the tree without a sign-in', async () => {
  const res = await api.gql(STATE, {}, null);
  expect(res.errors).toBeUndefined();
  expect(res.data.setupState.needed).toBe(true);
  expect(res.data.setupState.provinces).toHaveLength(31);
  expect(res.data.setupState.provinces).toContainEqual({ code: '52', name: '贵州省' });
});

it.each([
  ['a weak password', { username: 'admin', password: 'short', provinces: ['64'] }, 'password'],
  ['a username that cannot be one', { username: 'a b', password: PASSWORD, provinces: ['64'] }, 'username'],
  ['no province', { username: 'admin', password: PASSWORD, provinces: [] }, 'provinces'],
  ['a code that is no province', { username: 'admin', password: PASSWORD, provinces: ['99'] }, 'provinces'],
  ['a province twice', { username: 'admin', password: PASSWORD, provinces: ['64', '64'] }, 'provinces'],
])('refuses %s, naming the field, and changes nothing', async (_, input, field) => {
  const res = await api.gql(SET_UP, { i: input }, null);
  expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_SETUP', field });
  expect(res.errors![0]!.extensions.violations).toContainEqual(expect.objectContaining({ field }));
  expect(await counts()).toEqual({ users: 0, units: 0, provinces: 0 });
});

it('makes one administrator when two setups race, signs them in, and is closed for good after', async () => {
  const [a, b] = await Promise.all([
    api.gql(SET_UP, { i: { username: 'first', password: PASSWORD, provinces: ['64', '63'] } }, null),
    api.gql(SET_UP, { i: { username: 'second', password: PASSWORD, provinces: ['64'] } }, null),
  ]);
  const won = [a, b].filter((r) => !r.errors);
  const lost = [a, b].filter((r) => r.errors);
  expect(won).toHaveLength(1);
  expect(lost).toHaveLength(1);
  expect(['SETUP_UNDER_WAY', 'SETUP_CLOSED']).toContain(lost[0]!.errors![0]!.extensions.reason);
  const winner = won[0]!.data.setUp;
  expect(winner.viewer).toMatchObject({ roles: ['ADMIN'], unit: { code: '640000000000', name: '宁夏回族自治区' } });
  const [{ users }] = await api.db.query(`SELECT count(*)::int AS users FROM app_user`);
  expect(users).toBe(1);

  // the token works; setup is over: no provinces offered, a third setup refused
  expect((await api.gql(`{ me { name } }`, {}, winner.token)).data.me.name).toBe(winner.viewer.name);
  expect((await api.gql(STATE, {}, null)).data.setupState).toEqual({ needed: false, provinces: [] });
  const again = await api.gql(SET_UP, { i: { username: 'third', password: PASSWORD, provinces: ['52'] } }, null);
  expect(again.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'SETUP_CLOSED' });
  const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM admin_unit WHERE code LIKE '52%'`);
  expect(n).toBe(0);
}, 300_000);

it('loads the provinces after the first through a job, with progress for an administrator only', async () => {
  const [winner] = await api.db.query(`SELECT username FROM app_user`);
  if (winner.username === 'second') return void expect(await counts()).toMatchObject({ provinces: 1 }); // the one-province setup won: nothing left to load
  const admin = (await api.gql(`mutation { login(username: "first", password: "${PASSWORD}") { token } }`, {}, null)).data.login.token;
  const before = (await api.gql(PROGRESS, {}, admin)).data.setupProgress;
  expect(before.map((p: { province: string; status: string }) => [p.province, p.status])).toEqual([['64', 'DONE'], ['63', 'WAITING']]);
  const [job] = await api.db.query(`SELECT topic FROM outbox WHERE topic = 'import.divisions'`);
  expect(job).toEqual({ topic: 'import.divisions' });

  // the worker's handler of that job
  expect(await api.app.get(SetupService).loadRest()).toBe(1);
  const after = (await api.gql(PROGRESS, {}, admin)).data.setupProgress;
  expect(after).toEqual([
    expect.objectContaining({ province: '64', status: 'DONE', error: null }),
    expect.objectContaining({ province: '63', name: '青海省', status: 'DONE', phase: null, error: null }),
  ]);
  expect(after[1].done).toBeGreaterThan(0);
  const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM admin_unit WHERE code LIKE '63%' AND depth = 5`);
  expect(n).toBeGreaterThan(1000);

  // not for anyone else
  const viewer = await api.tokenFor([Role.VIEWER], '64');
  expect((await api.gql(PROGRESS, {}, viewer)).errors![0]!.extensions.code).toBe('FORBIDDEN');
  expect((await api.gql(PROGRESS, {}, null)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
}, 300_000);
