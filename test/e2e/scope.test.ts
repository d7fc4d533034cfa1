/**
 * Scope: for every operation that takes a unit, a user of a sibling county
 * (holding every role there) gets NOT_FOUND — the same answer as for a unit
 * that does not exist — and nothing changes. API keys read their subtree and
 * never write; administrators' operations are theirs alone.
 */
import request from 'supertest';
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

const PERIOD = '2026-10';
let api: TestApi;
let target = { village: '', township: '' };
let sibling = '';

async function snapshot(): Promise<string> {
  const [row] = await api.db.query(`
    SELECT (SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY id), '')) FROM report r) AS reports,
           (SELECT md5(coalesce(string_agg(v::text, '|' ORDER BY report_id, indicator), '')) FROM report_value v) AS report_values,
           (SELECT count(*) FROM report_audit) AS audit,
           (SELECT count(*) FROM app_user) AS users,
           (SELECT count(*) FROM api_key) AS keys,
           (SELECT count(*) FROM idempotency_key) AS idem`);
  return JSON.stringify(row);
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou' });
  const admin = await api.tokenFor([Role.ADMIN], '52');
  const townships = await api.gql(`{ units(parentCode: "520102", first: 1) { edges { node { code children(first: 1) { edges { node { code } } } } } } }`, {}, admin);
  target = { township: townships.data.units.edges[0].node.code, village: townships.data.units.edges[0].node.children.edges[0].node.code };
  // a report in the target subtree, submitted, so that every action has something to act on
  const clerk = await api.tokenFor([Role.CLERK], '520102');
  await api.gql(`mutation { saveReport(input: { unitCode: "${target.village}", period: "${PERIOD}", values: [{ indicator: "HOME_VISITS", value: 3 }], expectedVersion: 0 }) { version } }`, {}, clerk);
  await api.gql(`mutation { submitReport(input: { unitCode: "${target.village}", period: "${PERIOD}", expectedVersion: 1 }) { version } }`, {}, clerk);
  sibling = await api.tokenFor([Role.CLERK, Role.APPROVER, Role.VIEWER], '520103');
});
afterAll(async () => {
  await api?.close();
});

const csv = Buffer.from('unitCode,HOME_VISITS\n{village},4\n').toString('base64');

/** Every operation that takes a unit, with the unit to put in it. */
const OPERATIONS: [string, (u: { village: string; township: string }) => string][] = [
  ['unit', (u) => `{ unit(code: "${u.village}") { name } }`],
  ['units(parentCode)', (u) => `{ units(parentCode: "${u.township}") { totalCount } }`],
  ['report', (u) => `{ report(unitCode: "${u.village}", period: "${PERIOD}") { status } }`],
  ['reports(underUnit)', (u) => `{ reports(underUnit: "${u.township}") { totalCount } }`],
  ['auditTrail', (u) => `{ auditTrail(unitCode: "${u.village}", period: "${PERIOD}") { action } }`],
  ['importTemplate', (u) => `{ importTemplate(parentCode: "${u.township}", format: CSV) { filename } }`],
  ['saveReport', (u) => `mutation { saveReport(input: { unitCode: "${u.village}", period: "${PERIOD}", values: [], expectedVersion: 2 }) { status } }`],
  ['submitReport', (u) => `mutation { submitReport(input: { unitCode: "${u.village}", period: "${PERIOD}", expectedVersion: 2 }) { status } }`],
  ['approveReport', (u) => `mutation { approveReport(input: { unitCode: "${u.village}", period: "${PERIOD}", expectedVersion: 2 }) { status } }`],
  ['returnReport', (u) => `mutation { returnReport(input: { unitCode: "${u.village}", period: "${PERIOD}", expectedVersion: 2, reasonCode: OTHER, comment: "x" }) { status } }`],
  ['reopenReport', (u) => `mutation { reopenReport(input: { unitCode: "${u.village}", period: "${PERIOD}", reason: "x" }) { status } }`],
  ['exemptReport', (u) => `mutation { exemptReport(input: { unitCode: "${u.township}", period: "${PERIOD}", reason: "x" }) { status } }`],
  ['importReports', (u) => `mutation { importReports(input: { parentCode: "${u.township}", period: "${PERIOD}", format: CSV, fileBase64: "${csv.replace('{village}', u.village)}", mode: VALID_ROWS }) { saved } }`],
];

describe('a user of a sibling county', () => {
  it.each(OPERATIONS)('%s: NOT_FOUND, exactly as for a unit that does not exist, and nothing changes', async (_name, op) => {
    const before = await snapshot();
    const res = await api.gql(op(target), {}, sibling);
    const missing = await api.gql(op({ village: '520102999999', township: '520102999000' }), {}, sibling);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'UNIT_NOT_FOUND' });
    expect(missing.errors?.[0]?.extensions.code).toBe(res.errors?.[0]?.extensions.code);
    expect(res.errors![0]!.message.replace(/\d{12}/g, 'X')).toBe(missing.errors![0]!.message.replace(/\d{12}/g, 'X'));
    expect(await snapshot()).toBe(before);
  });

  it('does not see the other county in lists, and sees its own', async () => {
    const res = await api.gql(`{ units(level: COUNTY, first: 100) { totalCount edges { node { code } } } }`, {}, sibling);
    expect(res.data.units.edges.map((e: any) => e.node.code)).toEqual(['520103000000']);
    const me = await api.gql(`{ me { kind name roles unit { code parent { code } ancestors { code } } } }`, {}, sibling);
    expect(me.data.me).toMatchObject({ kind: 'USER', unit: { code: '520103000000', parent: null, ancestors: [] } });
  });
});

describe('tokens and keys', () => {
  it('answers UNAUTHENTICATED without a token, with a token signed by another secret, and with an expired one', async () => {
    const none = await api.gql('{ me { name } }', {}, null);
    expect(none.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MISSING_TOKEN' });
    const { default: jwt } = await import('jsonwebtoken');
    const forged = jwt.sign({ sub: '1' }, 'another-secret-of-at-least-32-characters!!', { algorithm: 'HS256', expiresIn: 60 });
    expect((await api.gql('{ me { name } }', {}, forged)).errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });
    const expired = jwt.sign({ sub: '1', exp: Math.floor(Date.now() / 1000) - 10 }, api.config.jwtSecret, { algorithm: 'HS256' });
    expect((await api.gql('{ me { name } }', {}, expired)).errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
  });

  it('lets only an administrator create users and keys; a key reads its subtree, never writes, and stops when revoked', async () => {
    const admin = await api.tokenFor([Role.ADMIN], '52');
    const refused = await api.gql(`mutation { createApiKey(input: { name: "x", unitCode: "520102" }) { secret } }`, {}, sibling);
    expect(refused.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const created = await api.gql(`mutation { createApiKey(input: { name: "civil-affairs-sync", unitCode: "520102" }) { secret apiKey { id name unitCode } } }`, {}, admin);
    const { secret, apiKey } = created.data.createApiKey;
    expect(secret).toMatch(/^cnk_/);
    expect(apiKey).toMatchObject({ name: 'civil-affairs-sync', unitCode: '520102000000' });
    const [stored] = await api.db.query(`SELECT encode(secret_hash, 'hex') AS h FROM api_key WHERE id = $1`, [apiKey.id]);
    expect(stored.h).not.toContain(secret);

    expect((await api.gql(`{ report(unitCode: "${target.village}", period: "${PERIOD}") { status } }`, {}, secret)).data.report.status).toBe('SUBMITTED');
    expect((await api.gql(`{ unit(code: "520103") { name } }`, {}, secret)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    const write = await api.gql(`mutation { saveReport(input: { unitCode: "${target.township}", period: "${PERIOD}", values: [], expectedVersion: 0 }) { status } }`, {}, secret);
    expect(write.errors![0]!.extensions.code).toBe('FORBIDDEN');

    await api.gql(`mutation { revokeApiKey(id: "${apiKey.id}") }`, {}, admin);
    expect((await api.gql('{ me { name } }', {}, secret)).errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_TOKEN' });

    const user = await api.gql(`mutation { createUser(input: { username: "new.clerk", password: "long enough secret", roles: [CLERK], unitCode: "520102" }) { username roles unitCode } }`, {}, admin);
    expect(user.data.createUser).toEqual({ username: 'new.clerk', roles: ['CLERK'], unitCode: '520102000000' });
    const again = await api.gql(`mutation { createUser(input: { username: "NEW.clerk", password: "long enough secret", roles: [CLERK], unitCode: "520102" }) { username } }`, {}, admin);
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'USERNAME_TAKEN' });
    expect(JSON.stringify(api.logs)).not.toContain('long enough secret');
    expect(JSON.stringify(api.logs)).not.toContain(secret);
  });

  it('throttles failed logins per username', async () => {
    await api.tokenFor([Role.VIEWER], '52', 'throttled');
    const attempt = (password: string) => api.gql(`mutation($p: String!) { login(username: "throttled", password: $p) { token } }`, { p: password }, null);
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password!')).errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    const blocked = await attempt('correct horse battery');
    expect(blocked.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'TOO_MANY_FAILED_LOGINS', limit: 5 });
    const unknown = await api.gql(`mutation { login(username: "nobody-here", password: "whatever123") { token } }`, {}, null);
    expect(unknown.errors![0]!.message).toBe('wrong username or password');
  });

  it('lists the indicator catalogue for any signed-in user', async () => {
    const res = await request(api.app.getHttpServer()).post('/graphql').set('authorization', `Bearer ${sibling}`).send({ query: '{ indicators { code nameZh level kind maxValue } }' });
    expect(res.body.data.indicators).toHaveLength(26);
    expect(res.body.data.indicators).toContainEqual({ code: 'SUBSIDY_SCATTERED_FEN', nameZh: '散居孤儿基本生活费', level: 'COUNTY', kind: 'MONEY', maxValue: 10_000_000_000_000 });
  });
});
