/**
 * Webhook URLs are refused when saved if they point inside: loopback, private,
 * shared, link-local, unique-local, unspecified, multicast and broadcast
 * addresses, IPv4-mapped IPv6 ones, and the numeric spellings of 127.0.0.1.
 * Each refusal is BAD_USER_INPUT naming the field and the rule, and changes
 * nothing. A host the operator allows (CARENET_WEBHOOK_ALLOW_HOSTS, here
 * 10.0.0.7 only) is taken; its neighbour is not.
 */
import { Role } from '@carenet/core';
import { startTestApi, type TestApi } from '../support/test-app.js';

let api: TestApi;
const t: Record<string, string> = {};

const SET_HOOK = `mutation($u: String!) { setReminderWebhook(level: CITY, url: $u, effective: "2031-01") { url } }`;
const SET_CONTACT = `mutation($u: String!) { setNotificationContact(input: { username: "hook-clerk", webhookUrl: $u }) { webhookUrl } }`;

/** The URLs an attacker tried on a running instance, and more of the same, with the rule each breaks. */
const HOSTILE: [string, string][] = [
  ['http://127.0.0.1:6379/', 'LOOPBACK'],
  ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', 'LINK_LOCAL'],
  ['http://[::1]/', 'LOOPBACK'],
  ['http://0x7f000001/', 'LOOPBACK'],
  ['http://2130706433/', 'LOOPBACK'],
  ['http://0177.0.0.1/', 'LOOPBACK'],
  ['http://127.1/', 'LOOPBACK'],
  ['http://[::ffff:127.0.0.1]/', 'LOOPBACK'],
  ['http://localhost:5432/', 'LOOPBACK'],
  ['http://0.0.0.0:3000/', 'UNSPECIFIED'],
  ['http://10.0.0.8/', 'PRIVATE'],
  ['http://172.16.0.1/', 'PRIVATE'],
  ['http://192.168.1.1/', 'PRIVATE'],
  ['http://100.64.0.1/', 'SHARED'],
  ['http://[fe80::1]/', 'LINK_LOCAL'],
  ['http://[fd00::1]/', 'UNIQUE_LOCAL'],
  ['http://224.0.0.1/', 'MULTICAST'],
  ['http://255.255.255.255/', 'BROADCAST'],
];

async function saved() {
  const [row] = await api.db.query(`
    SELECT (SELECT count(*) FROM admin_audit) AS audit,
           (SELECT count(*) FROM reminder_webhook) AS hooks,
           (SELECT string_agg(coalesce(webhook_url, '-'), ',') FROM notification_contact) AS contacts`);
  return row;
}

beforeAll(async () => {
  api = await startTestApi({ tree: 'guizhou', env: { CARENET_WEBHOOK_ALLOW_HOSTS: '10.0.0.7' } });
  t.admin = await api.tokenFor([Role.ADMIN], '52', 'hook-admin');
  await api.tokenFor([Role.CLERK], '520102', 'hook-clerk');
}, 60_000);
afterAll(async () => {
  await api?.close();
});

describe('a webhook URL that points inside', () => {
  it.each(HOSTILE)('%s is refused as a reminder webhook (%s), changing nothing', async (url, rule) => {
    const before = await saved();
    const res = await api.gql(SET_HOOK, { u: url }, t.admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ADDRESS_NOT_ALLOWED', field: 'url', rule });
    expect(res.errors?.[0]?.message).toMatch(/^url: the host .* is .*; webhooks go to public addresses only/);
    expect(await saved()).toEqual(before);
  });

  it.each(HOSTILE)('%s is refused as a user’s webhook (%s), changing nothing', async (url, rule) => {
    const before = await saved();
    const res = await api.gql(SET_CONTACT, { u: url }, t.admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ADDRESS_NOT_ALLOWED', field: 'webhookUrl', rule });
    expect(await saved()).toEqual(before);
  });

  it('is taken when the operator allows its host, and a public one always', async () => {
    expect((await api.gql(SET_HOOK, { u: 'http://10.0.0.7:8080/overdue' }, t.admin)).data?.setReminderWebhook).toEqual({ url: 'http://10.0.0.7:8080/overdue' });
    expect((await api.gql(SET_CONTACT, { u: 'https://hooks.example.org/me' }, t.admin)).data?.setNotificationContact).toEqual({ webhookUrl: 'https://hooks.example.org/me' });
  });
});
