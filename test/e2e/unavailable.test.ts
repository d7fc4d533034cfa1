/** With Redis unreachable: /health says so at once, and reading and approving still work (they need only Postgres). */
import request from 'supertest';
import jwt from 'jsonwebtoken';
import { Role } from '@carenet/core';
import { AuthService } from '@carenet/auth';
import { freePort } from '../support/processes.js';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou', redisUrl: `redis://127.0.0.1:${await freePort()}` });
});
afterAll(async () => {
  await api?.close();
});

it('answers /health with 503 naming Redis, within two seconds', async () => {
  const started = Date.now();
  const res = await request(api.app.getHttpServer()).get('/health');
  expect(Date.now() - started).toBeLessThan(2500);
  expect(res.status).toBe(503);
  expect(res.body.error.redis.status).toBe('down');
  expect(res.body.info.postgres.status).toBe('up');
});

it('refuses login with UNAVAILABLE (failed attempts cannot be counted), and keeps serving signed-in users', async () => {
  const auth = api.app.get(AuthService);
  const user = await auth.createUser('system', { username: 'clerk-without-redis', password: 'a long password', roles: [Role.CLERK], unitCode: '520102' });
  const login = await api.gql(`mutation { login(username: "clerk-without-redis", password: "a long password") { token } }`, {}, null);
  expect(login.errors![0]!.extensions.code).toBe('UNAVAILABLE');
  const clerk = jwt.sign({ sub: String(user.id) }, api.config.jwtSecret, { algorithm: 'HS256', expiresIn: 600 });
  const list = await api.gql(`{ units(parentCode: "520102", first: 1) { edges { node { children(first: 1) { edges { node { code } } } } } } }`, {}, clerk);
  const village = list.data.units.edges[0].node.children.edges[0].node.code;
  const saved = await api.gql(`mutation { saveReport(input: { unitCode: "${village}", period: "2026-10", values: [{ indicator: "HOME_VISITS", value: 2 }], expectedVersion: 0 }) { version } }`, {}, clerk);
  expect(saved.errors).toBeUndefined();
  const submitted = await api.gql(`mutation { submitReport(input: { unitCode: "${village}", period: "2026-10", expectedVersion: 1 }) { status } }`, {}, clerk);
  expect(submitted.data.submitReport.status).toBe('SUBMITTED');
  const [{ n }] = await api.db.query(`SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`);
  expect(n).toBe(1);
});
