/**
 * Limits for clients we do not control: each refusal has the right code,
 * names the limit, and nothing runs (no statement beyond reading the caller).
 */
import request from 'supertest';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { withinOneMinute } from '../support/wait.js';

let api: TestApi;
let authOnly = 0;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou', env: { CARENET_RATE_LIMIT_PER_MINUTE: '40' } });
  api.defaultToken = await api.tokenFor([Role.VIEWER], '52');
  api.statements.reset();
  await api.gql('{ __typename }');
  authOnly = api.statements.count;
});
afterAll(async () => {
  await api?.close();
});

async function refused(query: string, code: string, reason: string) {
  api.statements.reset();
  const res = await api.gql(query);
  expect(res.errors).toHaveLength(1);
  expect(res.errors![0]!.extensions).toMatchObject({ code, reason });
  expect(res.data ?? null).toBeNull();
  // at most the caller's lookup (none when the API still has the caller from an earlier request)
  expect(api.statements.count).toBeLessThanOrEqual(authOnly);
  return res;
}

describe('request limits', () => {
  it('refuses a query nested too deep', async () => {
    const deep = `{ unit(code: "52") { ${'children { edges { node { '.repeat(4)} code ${'} } }'.repeat(4)} } }`;
    await refused(deep, 'BAD_USER_INPUT', 'QUERY_TOO_DEEP');
  });

  it('refuses a query that would cost too much, saying what it would cost', async () => {
    const costly = `{ units(first: 100) { edges { node { children(first: 100) { edges { node { children(first: 100) { edges { node { code } } } } } } } } } }`;
    const res = await refused(costly, 'BAD_USER_INPUT', 'QUERY_TOO_COSTLY');
    expect(res.errors![0]!.extensions).toMatchObject({ limit: 10_000 });
    expect(res.errors![0]!.extensions.cost as number).toBeGreaterThan(10_000);
  });

  it('refuses an alias flood', async () => {
    const flood = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: unit(code: "52") { name }`).join(' ')} }`;
    const res = await refused(flood, 'BAD_USER_INPUT', 'TOO_MANY_ALIASES');
    expect(res.errors![0]!.extensions).toMatchObject({ limit: 30, aliases: 31 });
  });

  it('runs a batch of up to 10 operations and refuses a bigger one before running any', async () => {
    const op = { query: '{ unit(code: "52") { name } }' };
    const ten = await request(api.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${api.defaultToken}`).send(Array(10).fill(op));
    expect(ten.status).toBe(200);
    expect(ten.body).toHaveLength(10);
    api.statements.reset();
    const eleven = await request(api.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${api.defaultToken}`).send(Array(11).fill(op));
    expect(eleven.status).toBe(400);
    expect(eleven.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_OPERATIONS', limit: 10 });
    expect(api.statements.count).toBe(0);
  });


  it('limits the rate per user, counted in Redis (shared by every API process)', async () => {
    // a minute's turn during the 45 requests would start a new count: such a run is made again by a new user
    const { results, refusals } = await withinOneMinute(async () => {
      const token = await api.tokenFor([Role.VIEWER], '52');
      const results: string[] = [];
      const refusals: unknown[] = [];
      for (let i = 0; i < 45; i++) {
        const res = await api.gql('{ me { name } }', {}, token);
        results.push(res.errors ? String(res.errors[0]!.extensions.code) : 'OK');
        if (res.errors) refusals.push({ status: res.status, ...res.errors[0]!.extensions });
      }
      return { results, refusals };
    });
    for (const r of refusals) expect(r).toMatchObject({ status: 429, code: 'RATE_LIMITED', reason: 'TOO_MANY_REQUESTS', limit: 40 });
    expect(results).toEqual([...Array(40).fill('OK'), ...Array(5).fill('RATE_LIMITED')]);
    // another user is not affected
    expect((await api.gql('{ me { name } }')).errors).toBeUndefined();
  });

  it('refuses a page larger than the maximum', async () => {
    const res = await api.gql('{ units(first: 101) { totalCount } }');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_PAGE', field: 'first' });
  });
});

describe('in production', () => {
  let prod: TestApi;
  beforeAll(async () => {
    prod = await startTestApi({ tree: 'empty', env: { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), CARENET_DATA_KEY: 'ab'.repeat(32) } });
  });
  afterAll(async () => {
    await prod?.close();
  });

  it('turns introspection and the landing page off', async () => {
    const res = await prod.gql('{ __schema { types { name } } }', {}, null);
    expect(res.errors![0]!.message).toMatch(/introspection/i);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const page = await request(prod.app.getHttpServer()).get('/graphql').set('accept', 'text/html');
    expect(page.text).not.toMatch(/<html/i);
    const dev = await request(api.app.getHttpServer()).get('/graphql').set('accept', 'text/html');
    expect(dev.text).toMatch(/<html/i); // the landing page outside production
  });
});
