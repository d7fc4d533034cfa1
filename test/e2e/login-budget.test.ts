/**
 * The login attempt budget: taken atomically, per normalised user name and
 * per client address, before the password is checked; argon2 bounded by a
 * concurrency limit.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Role } from '@carenet/core';
import { ARGON2_CONCURRENCY, MAX_FAILED_LOGINS, MAX_FAILED_LOGINS_PER_ADDRESS, passwordHashingLoad } from '@carenet/auth';
import { startTestApi, type TestApi } from '../support/test-app.js';

const PASSWORD = 'correct horse battery'; // tokenFor's
let api: TestApi;
let port = 0;

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  await api.app.listen(0, '0.0.0.0');
  port = (api.app.getHttpServer().address() as AddressInfo).port;
}, 120_000);

afterAll(async () => {
  await api?.close();
});

/** A login over a real socket from a chosen loopback address (127.0.0.x), so the API sees that client address. */
function login(username: string, password: string, from = '127.0.0.1'): Promise<{ code: string; token?: string }> {
  const body = JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }', variables: { u: username, p: password } });
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          const json = JSON.parse(text);
          resolve(json.data?.login?.token ? { code: 'OK', token: json.data.login.token } : { code: String(json.errors?.[0]?.extensions?.code) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function tally(results: { code: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.code] = (out[r.code] ?? 0) + 1;
  return out;
}

describe('the login attempt budget', () => {
  it('lets no more than the limit of 200 parallel attempts reach the password check', async () => {
    await api.tokenFor([Role.VIEWER], '52', 'budget.parallel');
    const before = passwordHashingLoad().done;
    const results = await Promise.all(Array.from({ length: 200 }, () => login('budget.parallel', 'wrong password!', '127.0.0.2')));
    expect(passwordHashingLoad().done - before).toBe(MAX_FAILED_LOGINS);
    expect(tally(results)).toEqual({ UNAUTHENTICATED: MAX_FAILED_LOGINS, RATE_LIMITED: 200 - MAX_FAILED_LOGINS });
    // the right password is refused too while the budget is spent
    expect((await login('budget.parallel', PASSWORD, '127.0.0.2')).code).toBe('RATE_LIMITED');
  }, 60_000);

  it('counts every spelling of a name as the same name, and a look-alike never signs in (U+0130)', async () => {
    await api.tokenFor([Role.ADMIN], '52', 'budget.admin');
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) expect((await login('budget.admin', 'wrong password!', '127.0.0.3')).code).toBe('UNAUTHENTICATED');
    expect(await login('BUDGET.ADMIN', PASSWORD, '127.0.0.3')).toEqual({ code: 'RATE_LIMITED' });
    expect(await login('Budget.Admin', PASSWORD, '127.0.0.3')).toEqual({ code: 'RATE_LIMITED' });
    const lookAlike = await login('budget.admİn', PASSWORD, '127.0.0.3');
    expect(lookAlike.token).toBeUndefined();
    expect(['RATE_LIMITED', 'UNAUTHENTICATED']).toContain(lookAlike.code);
    // nor with a dotless ı
    expect((await login('budget.admın', PASSWORD, '127.0.0.3')).token).toBeUndefined();
  });

  it('limits the attempts of one client address across many names, without touching other addresses', async () => {
    const names = Array.from({ length: MAX_FAILED_LOGINS_PER_ADDRESS + 30 }, (_, i) => `spray.${i}`);
    const results = await Promise.all(names.map((n) => login(n, 'wrong password!', '127.0.0.4')));
    expect(tally(results)).toEqual({ UNAUTHENTICATED: MAX_FAILED_LOGINS_PER_ADDRESS, RATE_LIMITED: 30 });
    await api.tokenFor([Role.VIEWER], '52', 'budget.other');
    expect((await login('budget.other', PASSWORD, '127.0.0.5')).code).toBe('OK');
  }, 60_000);

  it('runs at most ARGON2_CONCURRENCY password checks at once', async () => {
    let most = 0;
    let queued = 0;
    const sampler = setInterval(() => {
      const load = passwordHashingLoad();
      most = Math.max(most, load.running);
      queued = Math.max(queued, load.waiting);
    }, 1);
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`unknown.${i}`, 'wrong password!', `127.0.1.${i + 1}`)));
    clearInterval(sampler);
    expect(tally(results)).toEqual({ UNAUTHENTICATED: 40 });
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(ARGON2_CONCURRENCY);
    expect(queued).toBeGreaterThan(0);
  }, 60_000);
});
