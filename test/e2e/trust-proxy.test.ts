/**
 * Behind a reverse proxy every client arrives from the proxy's address. With
 * CARENET_TRUST_PROXY naming the proxy, the login budget is per real client
 * (X-Forwarded-For); without it the header is ignored, so a client cannot
 * choose a fresh address for each attempt.
 */
import request from 'supertest';
import { MAX_FAILED_LOGINS_PER_ADDRESS } from '@carenet/auth';
import { startTestApi, type TestApi } from '../support/test-app.js';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';

async function attempts(api: TestApi, n: number, forwardedFor: (i: number) => string): Promise<Record<string, number>> {
  const codes = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const res = await request(api.app.getHttpServer())
        .post('/graphql')
        .set('x-forwarded-for', forwardedFor(i))
        .send({ query: LOGIN, variables: { u: `proxy.spray.${i}`, p: 'wrong password!' } });
      return String(res.body.errors?.[0]?.extensions?.code);
    }),
  );
  const out: Record<string, number> = {};
  for (const c of codes) out[c] = (out[c] ?? 0) + 1;
  return out;
}

describe('the client address behind a proxy', () => {
  it('without CARENET_TRUST_PROXY, X-Forwarded-For is ignored: a different forged address per attempt still spends one budget', async () => {
    const api = await startTestApi();
    try {
      const n = MAX_FAILED_LOGINS_PER_ADDRESS + 10;
      expect(await attempts(api, n, (i) => `198.51.100.${i + 1}`)).toEqual({ UNAUTHENTICATED: MAX_FAILED_LOGINS_PER_ADDRESS, RATE_LIMITED: 10 });
    } finally {
      await api.close();
    }
  }, 60_000);

  it('with the proxy trusted, each client behind it has a budget of its own', async () => {
    const api = await startTestApi({ env: { CARENET_TRUST_PROXY: 'loopback' } });
    try {
      const n = MAX_FAILED_LOGINS_PER_ADDRESS + 10;
      // one client spends its budget…
      expect(await attempts(api, n, () => '203.0.113.7')).toEqual({ UNAUTHENTICATED: MAX_FAILED_LOGINS_PER_ADDRESS, RATE_LIMITED: 10 });
      // …and another, through the same proxy, is not refused for it
      expect(await attempts(api, 3, () => '203.0.113.8')).toEqual({ UNAUTHENTICATED: 3 });
    } finally {
      await api.close();
    }
  }, 60_000);
});
