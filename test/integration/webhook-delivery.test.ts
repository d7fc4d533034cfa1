/**
 * The worker delivers webhooks only to public addresses, on real Postgres and
 * Redis: a name is checked against every address it resolves to when the
 * connection is made (here hooks.example.test resolves to 127.0.0.1, and
 * `localhost` is in a row saved before the rule), a redirect is a failed
 * delivery and its target hears nothing, and a refused delivery job fails at
 * once rather than being retried. The receivers listen on 127.0.0.1, which
 * the configuration allows (CARENET_WEBHOOK_ALLOW_HOSTS) where a test needs
 * a delivery to reach one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Role, systemResolver, type Actor, type WebhookResolver } from '@carenet/core';
import { NotificationAddressesService, NotificationsService } from '@carenet/notifications';
import { NotificationJob, QueueName } from '@carenet/queue';
import { DeadlinesService } from '@carenet/reporting';
import { startTestWorker, type TestWorker } from '../support/test-worker.js';
import { waitUntil } from '../support/wait.js';

type Receiver = Awaited<ReturnType<typeof receiver>>;

/** A receiver on 127.0.0.1 that records each request and answers as told. */
async function receiver(answer: (res: http.ServerResponse) => void = (res) => res.writeHead(204).end()) {
  const requests: { method: string; url: string }[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url! });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { requests, port: (server.address() as AddressInfo).port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** hooks.example.test is this machine (as a name an attacker controls may become); other names as the system resolves them. */
const resolveWebhookNames: WebhookResolver = async (hostname) => (hostname === 'hooks.example.test' ? [{ address: '127.0.0.1', family: 4 }] : systemResolver(hostname));

let worker: TestWorker & { drop: () => Promise<void> };
let admin: Actor;
let clerk: Actor;
let inside: Receiver;
let redirecting: Receiver;

async function notificationWithWebhook(url: string): Promise<number> {
  await worker.db.query(
    `INSERT INTO notification_contact (user_id, webhook_url) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET webhook_url = EXCLUDED.webhook_url`,
    [clerk.id, url],
  );
  const [row] = await worker.db.query(
    `INSERT INTO notification (user_id, kind, dedup_key, title, body) VALUES ($1, 'OVERDUE', gen_random_uuid()::text, 'Overdue', 'A report is overdue') RETURNING id`,
    [clerk.id],
  );
  return Number(row.id);
}

async function delivered(id: number): Promise<number> {
  const [row] = await worker.db.query(`SELECT count(*) AS n FROM notification_delivery WHERE notification_id = $1`, [id]);
  return Number(row.n);
}

beforeAll(async () => {
  inside = await receiver();
  redirecting = await receiver((res) => res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/inside` }).end());
  worker = await startTestWorker({ tree: 'guizhou', env: { CARENET_WEBHOOK_ALLOW_HOSTS: '127.0.0.1' }, resolveWebhookNames });
  admin = await worker.actor([Role.ADMIN], '52');
  clerk = await worker.actor([Role.CLERK], '520102');
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await inside?.close();
  await redirecting?.close();
});
beforeEach(() => {
  inside.requests.splice(0);
  redirecting.requests.splice(0);
});

describe('webhook delivery', () => {
  it('refuses a saved name once it resolves to a loopback address, and sends nothing', async () => {
    const url = `http://hooks.example.test:${inside.port}/hook`;
    // a name passes when saved: what it resolves to is checked when it is used
    await worker.app.get(NotificationAddressesService).setContact(admin, { username: clerk.name, webhookUrl: url });
    const id = await notificationWithWebhook(url);
    await expect(worker.app.get(NotificationsService).deliver(id, 'WEBHOOK')).rejects.toThrow('hooks.example.test resolves to 127.0.0.1, a loopback address');
    expect(inside.requests).toEqual([]);
    expect(await delivered(id)).toBe(0);
  });

  it('refuses localhost in a row saved before the rule, and sends nothing', async () => {
    const id = await notificationWithWebhook(`http://localhost:${inside.port}/hook`);
    await expect(worker.app.get(NotificationsService).deliver(id, 'WEBHOOK')).rejects.toThrow('the host localhost is a loopback address');
    expect(inside.requests).toEqual([]);
    expect(await delivered(id)).toBe(0);
  });

  it('does not follow a redirect to a private address: a failed delivery, and the target hears nothing', async () => {
    const id = await notificationWithWebhook(`http://127.0.0.1:${redirecting.port}/hook`);
    await expect(worker.app.get(NotificationsService).deliver(id, 'WEBHOOK')).rejects.toThrow(
      `answered 302 (a redirect to http://127.0.0.1:${inside.port}/inside); redirects are not followed: not delivered`,
    );
    expect(redirecting.requests).toEqual([{ method: 'POST', url: '/hook' }]);
    expect(inside.requests).toEqual([]);
    expect(await delivered(id)).toBe(0);
  });

  it('fails a delivery job to a refused address at once, saying why, without retries', async () => {
    const id = await notificationWithWebhook(`http://[::ffff:127.0.0.1]:${inside.port}/hook`);
    const queue = worker.app.get<Queue>(getQueueToken(QueueName.NOTIFICATIONS));
    const job = await queue.add(NotificationJob.DELIVER, { notificationId: id, channel: 'WEBHOOK' }, { jobId: `refused-${id}`, attempts: 6, backoff: { type: 'exponential', delay: 5000 } });
    await waitUntil('the refused delivery job to end', async () => ['failed', 'completed'].includes(await job.getState()));
    const failed = (await queue.getJob(job.id!))!;
    expect(await failed.getState()).toBe('failed');
    expect(failed.failedReason).toContain('is a loopback address');
    expect(failed.attemptsMade).toBe(1);
    expect(inside.requests).toEqual([]);
  });

  it('posts the overdue reminders to no loopback address either', async () => {
    await worker.db.query(`INSERT INTO reminder_webhook (province_code, level, url, valid_from) VALUES ('520000000000', 'COUNTY', $1, '2000-01-01')`, [`http://localhost:${inside.port}/overdue`]);
    // months the worker has not flagged yet: the counties' January 2027 reports are overdue on 20 February
    const notices = await worker.app.get(DeadlinesService).flagOverdue(new Date('2027-02-20T00:00:00Z'));
    expect(notices.some((n) => n.level === 'COUNTY' && n.period === '2027-01')).toBe(true);
    expect(inside.requests).toEqual([]);
  }, 60_000);
});
