/**
 * Notifications with the worker running and an SMTP server of the test's own:
 * escalation after N days per level (data), one notification per event and
 * recipient however often the scan or a delivery runs, e-mail received, and
 * nobody outside the report's scope told.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Role } from '@carenet/core';
import { NotificationsService } from '@carenet/notifications';
import { NotificationJob, QueueName } from '@carenet/queue';
import { startTestApi, type TestApi } from '../support/test-app.js';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';
import { waitUntil } from '../support/wait.js';

let api: TestApi;
let worker: TestWorker;
let smtp: SMTPServer;
const mails: { to: string[]; body: string }[] = [];
const t: Record<string, string> = {};
const ids: Record<string, number> = {};
const TOWNSHIP = '520102016';
let villages: string[] = [];
const PERIOD = '2026-10';

const ok = (token: string, query: string, variables: Record<string, unknown> = {}) => api.ok(token, query, variables);

async function inbox(token: string): Promise<{ id: string; kind: string; title: string; unitCode: string; readAt: string | null }[]> {
  return (await ok(token, `{ notifications(first: 100) { id kind title unitCode readAt } }`)).notifications;
}

async function user(name: string, roles: Role[], unit: string, email?: string) {
  t[name] = await api.tokenFor(roles, unit, name);
  const [row] = await api.db.query(`SELECT id FROM app_user WHERE username = $1`, [name]);
  ids[name] = row.id;
  if (email) await api.db.query(`INSERT INTO notification_contact (user_id, email) VALUES ($1, $2)`, [row.id, email]);
}


beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, done) {
      let body = '';
      stream.on('data', (c) => (body += c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  process.env.CARENET_SMTP_URL = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.CARENET_SMTP_FROM = 'carenet@test.local';
  api = await startTestApi({ tree: 'guizhou' });
  // no deadline near until the deadline test sets them back (the worker scans once as it starts)
  await api.db.query(`UPDATE report_deadline SET days = 366`);
  worker = await startTestWorker({ databaseUrl: api.config.databaseUrl, redisPrefix: api.config.redisPrefix });
  await user('clerk', [Role.CLERK], TOWNSHIP, 'clerk@test.local');
  await user('clerk2', [Role.CLERK], TOWNSHIP, 'clerk2@test.local');
  await user('township', [Role.APPROVER], TOWNSHIP);
  await user('county', [Role.APPROVER], '520102', 'county@test.local');
  await user('city', [Role.APPROVER], '5201', 'city@test.local');
  await user('outsider', [Role.APPROVER], '520103', 'outsider@test.local');
  villages = (await ok(t.clerk!, `{ units(parentCode: "${TOWNSHIP}", first: 3) { edges { node { code } } } }`)).units.edges.map((e: any) => e.node.code);
  for (const [i, who] of ['clerk', 'clerk2'].entries()) {
    await ok(t[who]!, `mutation { saveReport(input: { unitCode: "${villages[i]}", period: "${PERIOD}", values: [{ indicator: "HOME_VISITS", value: 4 }], expectedVersion: 0 }) { version } }`);
    await ok(t[who]!, `mutation { submitReport(input: { unitCode: "${villages[i]}", period: "${PERIOD}", expectedVersion: 1 }) { version } }`);
  }
  // submitted four days ago
  await api.db.query(`UPDATE report SET submitted_at = now() - interval '4 days' WHERE status = 'SUBMITTED'`);

}, 120_000);
afterAll(async () => {
  await worker?.app.close();
  await api?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  delete process.env.CARENET_SMTP_URL;
  delete process.env.CARENET_SMTP_FROM;
});

describe('escalation', () => {
  it('after N days (3 for villages) goes to the approvers one level above the township, by e-mail once', async () => {
    const service = worker.app.get(NotificationsService);
    expect(await service.scan()).toBe(3); // two reports to one county approver, and the township approver's digest
    expect(await service.scan()).toBe(0); // found again: nothing new
    const county = await inbox(t.county!);
    expect(county.map((n) => [n.kind, n.unitCode]).sort()).toEqual([['ESCALATION', villages[0]], ['ESCALATION', villages[1]]].sort());
    expect(await inbox(t.city!)).toEqual([]);
    const digest = (await ok(t.township!, `{ notifications { kind title body } }`)).notifications;
    expect(digest).toEqual([{ kind: 'REPORTS_WAITING', title: '2 reports waiting for your approval', body: expect.stringContaining(`${villages[0]} ${PERIOD}`) }]);
    expect(await inbox(t.outsider!)).toEqual([]);

    await waitUntil('two e-mails', () => mails.length >= 2);
    expect(mails.map((m) => m.to)).toEqual([['county@test.local'], ['county@test.local']]);
    expect(mails[0]!.body).toContain('still waiting');
  });

  it('sends once when a delivery job runs twice', async () => {
    const [first] = await api.db.query(`SELECT n.id FROM notification n WHERE n.user_id = $1 ORDER BY id LIMIT 1`, [ids.county]);
    const service = worker.app.get(NotificationsService);
    expect(await service.deliver(Number(first.id), 'EMAIL')).toBe('already sent');
    const job = await worker.app
      .get<Queue>(getQueueToken(QueueName.NOTIFICATIONS))
      .add(NotificationJob.DELIVER, { notificationId: Number(first.id), channel: 'EMAIL' }, { jobId: 'again' });
    // a mail the job sent would have reached the SMTP server before the job finished
    await waitUntil('the second delivery job to finish', async () => ['completed', 'failed'].includes(await job.getState()));
    expect(await job.getState()).toBe('completed');
    expect(mails).toHaveLength(2);
    const [d] = await api.db.query(`SELECT count(*) AS n FROM notification_delivery`);
    expect(d.n).toBe(2);
  });

  it('reaches the next level when the days per level (data) have passed twice', async () => {
    await api.db.query(`UPDATE escalation_rule SET days = 2 WHERE level = 'VILLAGE'`);
    expect(await worker.app.get(NotificationsService).scan()).toBe(2); // step 2 of both reports, to the city
    expect((await inbox(t.city!)).map((n) => n.kind)).toEqual(['ESCALATION', 'ESCALATION']);
    expect(await inbox(t.county!)).toHaveLength(2);
  });
});

describe('a returned report', () => {
  it('tells its clerk, in the inbox, who marks it read; never a clerk no longer in scope', async () => {
    // clerk2 now works for another county: the township's reports are outside their scope
    const [other] = await api.db.query(`SELECT id FROM admin_unit WHERE code = '520103000000' AND depth = 3 AND valid_to IS NULL`);
    await api.db.query(`UPDATE app_user SET unit_id = $1 WHERE id = $2`, [other.id, ids.clerk2]);
    for (const v of villages.slice(0, 2)) {
      await ok(t.township!, `mutation { returnReport(input: { unitCode: "${v}", period: "${PERIOD}", expectedVersion: 2, reasonCode: WRONG_FIGURES, comment: "home visits look too low" }) { version } }`);
    }
    expect(await worker.app.get(NotificationsService).scan()).toBe(1);
    const mine = await inbox(t.clerk!);
    expect(mine).toEqual([expect.objectContaining({ kind: 'REPORT_RETURNED', unitCode: villages[0], readAt: null })]);
    expect(await inbox(t.clerk2!)).toEqual([]);
    expect(mails.filter((m) => m.to.includes('clerk2@test.local'))).toEqual([]);
    await waitUntil('the clerk’s e-mail', () => mails.some((m) => m.to.includes('clerk@test.local')));

    expect((await ok(t.clerk!, `mutation($i: [ID!]!) { markNotificationsRead(ids: $i) }`, { i: [mine[0]!.id] })).markNotificationsRead).toBe(1);
    expect((await ok(t.clerk!, `{ notifications(unreadOnly: true) { id } }`)).notifications).toEqual([]);
    // another user's notification is not theirs to mark
    const [countys] = await api.db.query(`SELECT id FROM notification WHERE user_id = $1 LIMIT 1`, [ids.county]);
    expect((await ok(t.clerk!, `mutation($i: [ID!]!) { markNotificationsRead(ids: $i) }`, { i: [String(countys.id)] })).markNotificationsRead).toBe(0);
  });
});

describe('deadlines', () => {
  it('tells the clerks and approvers of the units two days before, and once overdue, one message per month and kind', async () => {
    const service = worker.app.get(NotificationsService);
    await api.db.query(`UPDATE report_deadline SET days = CASE level WHEN 'VILLAGE' THEN 5 WHEN 'TOWNSHIP' THEN 8 WHEN 'COUNTY' THEN 10 WHEN 'CITY' THEN 12 ELSE 15 END`);
    const now = new Date('2026-12-04T20:00:00Z'); // village reports of 2026-11 are due by the end of 5 December (China time): 2026-12-05T16:00Z
    await service.scan(now);
    await service.scan(now);
    const clerk = (await inbox(t.clerk!)).filter((n) => n.kind !== 'REPORT_RETURNED');
    expect(clerk.map((n) => n.kind).sort()).toEqual(['DEADLINE_SOON', 'OVERDUE']);
    const soon = (await ok(t.township!, `{ notifications { kind period body } }`)).notifications.find((n: any) => n.kind === 'DEADLINE_SOON');
    expect(soon).toMatchObject({ period: '2026-11' });
    expect(soon.body).toContain(villages[0]);
    // the deadline named is the instant the report is late from, in China time: the end of 5 December
    expect(soon.body).toContain('Due by 2026-12-06 00:00 (China time)');
    // the county's approver is not the approver of villages; the other county's hears nothing of this township
    expect((await inbox(t.county!)).some((n) => n.kind === 'DEADLINE_SOON')).toBe(false);
    const outsider = (await ok(t.outsider!, `{ notifications(first: 100) { body } }`)).notifications;
    expect(outsider.some((n: any) => n.body.includes(TOWNSHIP))).toBe(false);
  });
});
