/**
 * What the API keeps between requests, and that it never answers from what it
 * kept once the data has moved: the statistics' answers (by query, variables,
 * scope and data version) and the token's user (dropped on a change, in this
 * and in every other API process).
 */
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createLogger, Role } from '@carenet/core';
import { createApi } from '../../apps/api/src/app.js';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';
import { waitForValue } from '../support/wait.js';

const PERIOD = '2026-10';
const COUNTY = '520102';
const STATS = `query($u: ID!, $p: Period!) { stats(unitCode: $u, period: $p) { values { indicator value } } statsBreakdown(unitCode: $u, period: $p) { unit { code name } values { indicator value } } }`;
// a long time for kept users: only a dropped entry can explain a refusal
const env = { CARENET_ACTOR_CACHE_SECONDS: '3600' };

let api: TestApi;
let second: NestExpressApplication;
let worker: TestWorker | undefined;
const t: Record<string, string> = {};

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);
const homeVisits = (values: { indicator: string; value: number }[]) => values.find((v) => v.indicator === 'HOME_VISITS')!.value;

/** Statements the API ran for one request. */
async function statementsOf(work: () => Promise<unknown>): Promise<number> {
  const before = api.statements.count;
  await work();
  return api.statements.count - before;
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou', env });
  second = await createApi(api.config, createLogger('silent', 'api'));
  await second.init();
  t.admin = await api.tokenFor([Role.ADMIN], '52');
  t.clerk = await api.tokenFor([Role.CLERK], COUNTY);
  t.approver = await api.tokenFor([Role.APPROVER], COUNTY);
  t.provinceViewer = await api.tokenFor([Role.VIEWER], '52');
  t.countyViewer = await api.tokenFor([Role.VIEWER], COUNTY);
});
afterAll(async () => {
  await worker?.app.close();
  await second?.close();
  await api?.close();
});

describe('the statistics’ answers', () => {
  it('are given again while nothing changed, and never after a rollup commit they do not include', async () => {
    const villages: string[] = (await ok(t.admin, `{ units(parentCode: "${COUNTY}", first: 1) { edges { node { children(first: 2) { edges { node { code } } } } } } }`)).units.edges[0].node.children.edges.map((e: any) => e.node.code);
    const village = villages[0]!;
    await ok(t.clerk, `mutation { saveReport(input: { unitCode: "${village}", period: "${PERIOD}", values: [{ indicator: "HOME_VISITS", value: 7 }], expectedVersion: 0 }) { version } }`);
    await ok(t.clerk, `mutation { submitReport(input: { unitCode: "${village}", period: "${PERIOD}", expectedVersion: 1 }) { version } }`);
    // approved, its rollup not yet run (no worker): the answer is built and kept without it
    await ok(t.approver, `mutation { approveReport(input: { unitCode: "${village}", period: "${PERIOD}", expectedVersion: 2 }) { version } }`);
    const before = await ok(t.provinceViewer, STATS, { u: COUNTY, p: PERIOD });
    expect(homeVisits(before.stats.values)).toBe(0);
    // kept: the second answer reads only the version
    expect(await statementsOf(() => ok(t.provinceViewer, STATS, { u: COUNTY, p: PERIOD }))).toBe(1);

    worker = await startTestWorker({ databaseUrl: api.config.databaseUrl, redisPrefix: api.config.redisPrefix });
    await worker.settle();
    // the very next answer after the rollup committed includes it
    const after = await ok(t.provinceViewer, STATS, { u: COUNTY, p: PERIOD });
    expect(homeVisits(after.stats.values)).toBe(7);
  });

  it('show a renamed unit’s new name in the next answer', async () => {
    const before = await ok(t.provinceViewer, STATS, { u: '5201', p: PERIOD });
    const name = before.statsBreakdown.find((s: any) => s.unit.code === `${COUNTY}000000`).unit.name;
    await api.ownerQuery(`UPDATE admin_unit SET name = $2 WHERE code = $1 AND valid_to IS NULL`, [`${COUNTY}000000`, `${name}（新）`]);
    const after = await ok(t.provinceViewer, STATS, { u: '5201', p: PERIOD });
    expect(after.statsBreakdown.find((s: any) => s.unit.code === `${COUNTY}000000`).unit.name).toBe(`${name}（新）`);
  });

  it('are never shared by callers of different scopes', async () => {
    const other = { u: '520103', p: PERIOD };
    expect((await api.gql(STATS, other, t.countyViewer)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    await ok(t.provinceViewer, STATS, other);
    await ok(t.provinceViewer, STATS, other); // kept for the province's scope
    expect((await api.gql(STATS, other, t.countyViewer)).errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });
});

describe('the token’s user, kept for a while', () => {
  const ME = `{ me { name roles } }`;
  const idOf = async (username: string) => String((await api.db.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id);

  it('is kept: a signed-in request looks nothing up about its user', async () => {
    const token = await api.tokenFor([Role.CLERK], COUNTY, 'kept-user');
    await ok(token, `{ __typename }`);
    expect(await statementsOf(() => ok(token, `{ __typename }`))).toBe(0);
  });

  it('is looked up once by the requests that miss it together', async () => {
    const alone = await api.tokenFor([Role.CLERK], COUNTY, 'looked-up-alone');
    const one = await statementsOf(() => ok(alone, `{ __typename }`));
    expect(one).toBeGreaterThan(0);
    const token = await api.tokenFor([Role.CLERK], COUNTY, 'looked-up-together');
    expect(await statementsOf(() => Promise.all(Array.from({ length: 20 }, () => ok(token, `{ __typename }`))))).toBe(one);
  });

  it('is refused on the very next request after being disabled', async () => {
    const token = await api.tokenFor([Role.CLERK], COUNTY, 'to-disable-kept');
    expect((await ok(token, ME)).me.name).toBe('to-disable-kept');
    await ok(t.admin, `mutation($id: ID!) { disableUser(id: $id) { disabled } }`, { id: await idOf('to-disable-kept') });
    expect((await api.gql(ME, {}, token)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('has its new roles on the very next request after they change', async () => {
    const token = await api.tokenFor([Role.CLERK], COUNTY, 'to-promote-kept');
    expect((await ok(token, ME)).me.roles).toEqual(['CLERK']);
    await ok(t.admin, `mutation($i: UpdateUserInput!) { updateUser(input: $i) { roles } }`, { i: { id: await idOf('to-promote-kept'), roles: ['APPROVER'] } });
    expect((await ok(token, ME)).me.roles).toEqual(['APPROVER']);
  });

  it('is dropped by the other API processes too, when the database announces the change', async () => {
    const token = await api.tokenFor([Role.CLERK], COUNTY, 'disabled-elsewhere');
    const onSecond = () => request(second.getHttpServer()).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: ME });
    expect((await onSecond()).body.data.me.name).toBe('disabled-elsewhere');
    await ok(t.admin, `mutation($id: ID!) { disableUser(id: $id) { disabled } }`, { id: await idOf('disabled-elsewhere') });
    // the notice arrives within milliseconds of the commit; kept users would otherwise live an hour here
    const code = await waitForValue('the second instance to hear of the disabling', async () => (await onSecond()).body.errors?.[0]?.extensions.code, (c) => c !== undefined);
    expect(code).toBe('UNAUTHENTICATED');
  });
});
