/**
 * The rollup version (docs/api.md, "Freshness"): statistics answers and
 * mutations carry it, a client sends back the highest it has seen, and a
 * value that is not a version is refused naming the header. Without a
 * usable replica every read is the primary's (the replica itself:
 * test/scale/scale.test.ts).
 */
import request from 'supertest';
import { Role } from '@carenet/core';
import { parseRollupVersion, ROLLUP_VERSION_HEADER } from '@carenet/database';
import { startTestApi, type TestApi } from '../support/test-app.js';

const STATS = `{ stats(unitCode: "52", period: "2026-10") { values { indicator value } } }`;

async function post(api: TestApi, token: string, query: string, headers: Record<string, string> = {}) {
  const req = request(api.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${token}`);
  for (const [k, v] of Object.entries(headers)) req.set(k, v);
  return req.send({ query });
}

describe('the rollup version', () => {
  let api: TestApi;
  let viewer: string;
  let clerk: string;

  beforeAll(async () => {
    api = await startTestApi({ tree: 'guizhou' });
    viewer = await api.tokenFor([Role.VIEWER], '52');
    clerk = await api.tokenFor([Role.CLERK], '52');
  });
  afterAll(() => api.close());

  it('comes with every statistics answer, in the header and in extensions, and does not go backwards', async () => {
    const first = await post(api, viewer, STATS);
    expect(first.status).toBe(200);
    const version = first.headers[ROLLUP_VERSION_HEADER];
    expect(version).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(first.body.extensions.rollupVersion).toBe(version);
    const again = await post(api, viewer, STATS, { [ROLLUP_VERSION_HEADER]: version });
    expect(parseRollupVersion(again.headers[ROLLUP_VERSION_HEADER])! >= parseRollupVersion(version)!).toBe(true);
  });

  it('comes with a mutation’s answer, past its commit', async () => {
    const before = parseRollupVersion((await post(api, viewer, STATS)).headers[ROLLUP_VERSION_HEADER])!;
    const [village] = await api.ownerQuery(`SELECT code FROM admin_unit WHERE depth = 5 AND code LIKE '52%' AND valid_to IS NULL ORDER BY code LIMIT 1`);
    const saved = await post(api, clerk, `mutation { saveReport(input: { unitCode: "${village.code}", period: "2026-10", values: [{ indicator: "HOME_VISITS", value: 3 }], expectedVersion: 0 }) { version } }`);
    expect(saved.body.errors).toBeUndefined();
    expect(parseRollupVersion(saved.headers[ROLLUP_VERSION_HEADER])! > before).toBe(true);
  });

  it('is not sent with answers that read no statistics', async () => {
    const res = await post(api, viewer, '{ __typename }');
    expect(res.status).toBe(200);
    expect(res.headers[ROLLUP_VERSION_HEADER]).toBeUndefined();
  });

  it.each([['latest'], ['0/10, 12']])('refuses %j naming the header and the rule', async (value) => {
    const res = await post(api, viewer, STATS, { [ROLLUP_VERSION_HEADER]: value });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/^x-carenet-rollup-version: a rollup version as the API returned it \(a WAL position such as 0\/16B3748\), got '/);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: ROLLUP_VERSION_HEADER });
  });
});

describe.each([
  ['down (nothing listens)', 'postgres://carenet_app@127.0.0.1:1/carenet'],
  ['not a replica (a database on the primary)', 'template'],
])('with a replica that is %s', (_what, replica) => {
  let api: TestApi;
  let viewer: string;

  beforeAll(async () => {
    const url = replica === 'template' ? process.env.CARENET_TEST_GUIZHOU_TEMPLATE_URL! : replica;
    api = await startTestApi({ tree: 'guizhou', env: { DATABASE_REPLICA_URL: url } });
    viewer = await api.tokenFor([Role.VIEWER], '52');
  });
  afterAll(() => api.close());

  it('reads from the primary, whatever version the client carries', async () => {
    for (const version of [undefined, '0/1', 'FFFF/0']) {
      const res = await post(api, viewer, STATS, version ? { [ROLLUP_VERSION_HEADER]: version } : {});
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.stats.values.length).toBeGreaterThan(0);
      expect(res.headers[ROLLUP_VERSION_HEADER]).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    }
  });
});
