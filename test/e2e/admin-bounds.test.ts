/**
 * An ADMIN acts only within their own subtree (domain.md §5): a county
 * administrator cannot grant a role at the province, cannot read or list units
 * outside the county, does not get the whole change feed, cannot build the
 * provincial report; the queue board is read-only below the province and its
 * write actions are audited.
 */
import request from 'supertest';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
const t: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  t.provinceAdmin = await api.tokenFor([Role.ADMIN], '52');
  t.countyAdmin = await api.tokenFor([Role.ADMIN], '520102');
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const codeOf = (res: { errors?: { extensions: { code: string; reason?: string } }[] }) =>
  res.errors ? `${res.errors[0]!.extensions.code}/${res.errors[0]!.extensions.reason}` : 'OK';

const CREATE_USER = `mutation($i: CreateUserInput!) { createUser(input: $i) { id unitCode } }`;
const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`;
const PASSWORD = 'a long and unusual passphrase 9!';

describe('a county administrator', () => {
  it('cannot create a user or an API key above or beside the county: NOT_FOUND, as for a unit that does not exist', async () => {
    for (const unitCode of ['52', '5201', '520103', '520103001']) {
      const user = await api.gql(CREATE_USER, { i: { username: `grab.${unitCode}`, password: PASSWORD, roles: [Role.APPROVER], unitCode } }, t.countyAdmin);
      expect([unitCode, codeOf(user)]).toEqual([unitCode, 'NOT_FOUND/UNIT_NOT_FOUND']);
      const key = await api.gql(CREATE_KEY, { i: { name: `grab ${unitCode}`, unitCode } }, t.countyAdmin);
      expect([unitCode, codeOf(key)]).toEqual([unitCode, 'NOT_FOUND/UNIT_NOT_FOUND']);
    }
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM app_user WHERE username LIKE 'grab.%'`);
    expect(n).toBe(0);
  });

  it('creates users and keys within the county', async () => {
    const user = await api.gql(CREATE_USER, { i: { username: 'county.approver', password: PASSWORD, roles: [Role.APPROVER], unitCode: '520102' } }, t.countyAdmin);
    expect(codeOf(user)).toBe('OK');
    const key = await api.gql(CREATE_KEY, { i: { name: 'county key', unitCode: '520102' } }, t.countyAdmin);
    expect(codeOf(key)).toBe('OK');
  });

  it('cannot revoke a key of another county (answered like an unknown key), but can revoke its own', async () => {
    const other = await api.gql(CREATE_KEY, { i: { name: 'sibling key', unitCode: '520103' } }, t.provinceAdmin);
    const otherId = other.data.createApiKey.apiKey.id;
    const revoke = `mutation($id: ID!) { revokeApiKey(id: $id) }`;
    expect((await api.gql(revoke, { id: otherId }, t.countyAdmin)).data?.revokeApiKey).toBe(false);
    const [{ revoked }] = await api.db.query(`SELECT revoked_at IS NOT NULL AS revoked FROM api_key WHERE id = $1`, [otherId]);
    expect(revoked).toBe(false);
    const own = await api.gql(CREATE_KEY, { i: { name: 'own key', unitCode: '520102' } }, t.countyAdmin);
    expect((await api.gql(revoke, { id: own.data.createApiKey.apiKey.id }, t.countyAdmin)).data?.revokeApiKey).toBe(true);
  });

  it('reads only the county: a sibling unit and the province are NOT_FOUND, unit lists stay inside', async () => {
    expect(codeOf(await api.gql(`{ unit(code: "520103") { name } }`, {}, t.countyAdmin))).toBe('NOT_FOUND/UNIT_NOT_FOUND');
    expect(codeOf(await api.gql(`{ unit(code: "52") { name } }`, {}, t.countyAdmin))).toBe('NOT_FOUND/UNIT_NOT_FOUND');
    const list = await api.gql(`{ units(level: COUNTY, first: 100) { totalCount edges { node { code } } } }`, {}, t.countyAdmin);
    expect(codeOf(list)).toBe('OK');
    expect(list.data.units.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(['520102000000']);
    const all = await api.gql(`{ units(level: COUNTY, first: 100) { totalCount } }`, {}, t.provinceAdmin);
    expect(all.data.units.totalCount).toBe(88);
  });

  it('cannot build the provincial report', async () => {
    const res = await api.gql(`mutation { buildProvincialReport(provinceCode: "52", period: "2026-10") }`, {}, t.countyAdmin);
    expect(codeOf(res)).toBe('NOT_FOUND/UNIT_NOT_FOUND');
    expect(codeOf(await api.gql(`mutation { buildProvincialReport(provinceCode: "52", period: "2026-10") }`, {}, t.provinceAdmin))).toBe('OK');
  });
});

describe('the queue board', () => {
  const http = () => request(api.app.getHttpServer());
  const clean = '/admin/queues/api/queues/rollup/clean/completed';

  it('is read-only below the province: a county administrator looks but cannot act', async () => {
    expect((await http().get('/admin/queues/api/queues').set('authorization', `Bearer ${t.countyAdmin}`)).status).toBe(200);
    for (const [method, path] of [
      ['put', clean],
      ['put', '/admin/queues/api/queues/pause'],
      ['post', '/admin/queues/api/queues/rollup/add'],
      ['put', '/admin/queues/api/queues/rollup/empty'],
      ['put', '/admin/queues/api/queues/rollup/obliterate'],
    ] as const) {
      const res = await http()[method](path).set('authorization', `Bearer ${t.countyAdmin}`).send({});
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
    const [{ n }] = await api.db.query(`SELECT count(*)::int AS n FROM admin_audit WHERE action LIKE 'QUEUE_%'`);
    expect(n).toBe(0);
  });

  it('lets a province administrator act, and audits each action before it runs', async () => {
    const res = await http().put(clean).set('authorization', `Bearer ${t.provinceAdmin}`).send({});
    expect(res.status).toBeLessThan(300);
    const rows = await api.db.query(`SELECT actor, action, target FROM admin_audit WHERE action LIKE 'QUEUE_%'`);
    expect(rows).toEqual([{ actor: expect.any(String), action: 'QUEUE_CLEAN', target: `PUT /api/queues/rollup/clean/completed` }]);
  });
});
