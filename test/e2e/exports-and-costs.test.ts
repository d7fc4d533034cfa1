/**
 * Findings 3 and 7: heavy resolvers cost what they cost; /exports goes
 * through the same per-minute quota as /graphql (an API key's own); CSV
 * cells cannot start a formula; weak passwords are refused with the field
 * and the rule named.
 */
import request from 'supertest';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { withinOneMinute } from '../support/wait.js';

let api: TestApi;
let admin = '';

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  admin = await api.tokenFor([Role.ADMIN], '52');
}, 120_000);

afterAll(async () => {
  await api?.close();
});

const http = () => request(api.app.getHttpServer());

describe('/exports', () => {
  it("takes from an API key's own quota, shared with /graphql: a file counts as 10 requests", async () => {
    // a minute's turn between the calls would start a new count: such a run is made again with a new key
    const { statuses, answers, refused } = await withinOneMinute(async () => {
      const created = await api.gql(`mutation { createApiKey(input: { name: "sync", unitCode: "520102" }) { secret apiKey { id } } }`, {}, admin);
      const { secret, apiKey } = created.data.createApiKey;
      await api.db.query(`UPDATE api_key SET quota_per_minute = 35 WHERE id = $1`, [apiKey.id]);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await http().get('/exports/stats-breakdown/520102/2026-10.csv').set('authorization', `Bearer ${secret}`)).status);
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push((await api.gql('{ me { name } }', {}, secret)).errors?.[0]?.extensions.code ?? 'OK');
      const refused = await http().get('/exports/stats-breakdown/520102/2026-10.csv').set('authorization', `Bearer ${secret}`);
      return { statuses, answers, refused };
    });
    expect(statuses).toEqual([200, 200, 200]);
    // the GraphQL requests of the key are counted in the same quota: 30 taken, 5 left
    expect(answers).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'RATE_LIMITED']);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_REQUESTS' });
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  }, 90_000);

  it('neutralises CSV cells that would start a formula (a unit named =HYPERLINK(…))', async () => {
    const [township] = await api.db.query(`SELECT id, code FROM admin_unit WHERE depth = 4 AND code LIKE '520102%' ORDER BY code LIMIT 1`);
    await api.db.query(`UPDATE admin_unit SET name = $2 WHERE id = $1`, [township.id, '=HYPERLINK("http://evil.example","点击")']);
    await api.db.query(`UPDATE admin_unit SET name = $1 WHERE id = (SELECT id FROM admin_unit WHERE depth = 4 AND code LIKE '520102%' ORDER BY code OFFSET 1 LIMIT 1)`, [
      '@SUM(1+1)*cmd|',
    ]);
    const res = await http().get('/exports/stats-breakdown/520102/2026-10.csv').set('authorization', `Bearer ${admin}`).buffer(true).parse((r, cb) => {
      let text = '';
      r.on('data', (c: Buffer) => (text += c.toString('utf8')));
      r.on('end', () => cb(null, text));
    });
    expect(res.status).toBe(200);
    const cells = (res.body as string).split('\r\n').flatMap((line) => line.split(','));
    expect(cells.filter((c) => /^"?[=+@\t\r]/.test(c))).toEqual([]);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example""`);
    expect(res.body).toContain(`'@SUM(1+1)*cmd|`);
  });
});

describe('heavy resolvers', () => {
  it('importTemplate costs what it builds: a few aliases of it exceed the cost limit, one goes through', async () => {
    const one = await api.gql(`{ importTemplate(format: CSV, parentCode: "520102") { filename } }`, {}, admin);
    expect(one.errors).toBeUndefined();
    const aliases = Array.from({ length: 30 }, (_, i) => `t${i}: importTemplate(format: XLSX, parentCode: "52") { filename }`).join(' ');
    const many = await api.gql(`{ ${aliases} }`, {}, admin);
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' });
    const five = Array.from({ length: 5 }, (_, i) => `t${i}: importTemplate(format: XLSX, parentCode: "52") { filename }`).join(' ');
    expect((await api.gql(`{ ${five} }`, {}, admin)).errors?.[0]?.extensions).toMatchObject({ reason: 'QUERY_TOO_COSTLY' });
  });
});

describe('the password policy', () => {
  it.each([
    ['aaaaaaaaaa', /password: needs at least 5 different characters/],
    ['policy.user', /password: must not contain the user name/],
    ['1234567890', /password: is one of the most common passwords/],
    ['short', /password: 10 to 200 characters/],
  ])('refuses %j with the field and the rule', async (password, message) => {
    const res = await api.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { username: 'policy.user', password, roles: [Role.CLERK], unitCode: '520102' } }, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors?.[0]?.message).toMatch(message);
  });
});
