import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import nodemailer, { type Transporter } from 'nodemailer';
import { addMonths, checkPageSize, CONFIG, currentPeriod, parseWholeId, periodToDate, postWebhook, WEBHOOK_RESOLVER, type Actor, type Config, type WebhookResolver, userIdOf } from '@carenet/core';
import { NotificationsRepository, type Channel, type InboxItem } from './notifications.repository.js';
import { NotificationJob, QueueName } from '@carenet/queue';
import { NotificationsError, NotificationsErrorReason } from './notifications.errors.js';
import { notificationSettingsFrom, type NotificationSettings } from './notification-settings.js';

const WEBHOOK_TIMEOUT_MS = 5000;

/**
 * Notifications: found by set-based scans (each event and recipient once, by
 * its dedup key), shown in the recipient's inbox, and delivered by e-mail and
 * webhook through BullMQ jobs with retries; a delivery job run twice sends
 * once (the delivery row is claimed first and released if sending fails).
 */
@Injectable()
export class NotificationsService {
  private readonly settings: NotificationSettings = notificationSettingsFrom(process.env);
  private mailer?: Transporter;

  constructor(
    private readonly repo: NotificationsRepository,
    @InjectQueue(QueueName.NOTIFICATIONS) private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: Config,
    @Optional() @Inject(WEBHOOK_RESOLVER) private readonly resolve?: WebhookResolver,
  ) {}

  /** Creates the notifications due at `now` (returned reports, escalations, the approvers' daily digest, deadlines of the last two months) and queues their deliveries; returns how many were new. */
  async scan(now = new Date()): Promise<number> {
    const created = [...(await this.repo.returned(now)), ...(await this.repo.escalations(now)), ...(await this.repo.waiting(now))];
    const current = currentPeriod(now);
    for (const period of [addMonths(current, -1), addMonths(current, -2)]) created.push(...(await this.repo.deadlines(now, periodToDate(period))));
    const deliveries = await this.repo.channels(created.map((c) => c.id));
    if (deliveries.length) {
      await this.queue.addBulk(
        deliveries.map((d) => ({
          name: NotificationJob.DELIVER,
          data: { notificationId: d.id, channel: d.channel },
          opts: { jobId: `deliver-${d.id}-${d.channel}`, attempts: 6, backoff: { type: 'exponential', delay: 5000 } },
        })),
      );
    }
    return created.length;
  }

  /** Sends one notification on one channel, at most once in effect. */
  async deliver(notificationId: number, channel: Channel): Promise<'sent' | 'already sent' | 'no address'> {
    const target = await this.repo.target(notificationId, channel);
    const address = channel === 'EMAIL' ? target?.email : target?.webhookUrl;
    if (!target || !address) return 'no address';
    if (!(await this.repo.markDelivered(notificationId, channel))) return 'already sent';
    try {
      if (channel === 'EMAIL') await this.sendMail(address, target.title, target.body);
      else await this.postWebhook(address, { id: target.id, kind: target.kind, title: target.title, body: target.body });
      return 'sent';
    } catch (e) {
      await this.repo.unmarkDelivered(notificationId, channel); // the retry sends it
      throw e;
    }
  }

  private async sendMail(to: string, subject: string, text: string): Promise<void> {
    if (!this.settings.smtpUrl) throw new Error('e-mail is not configured: set CARENET_SMTP_URL');
    this.mailer ??= nodemailer.createTransport(this.settings.smtpUrl);
    await this.mailer.sendMail({ from: this.settings.smtpFrom, to, subject, text });
  }

  /** Only to a public address (or an allowed host), no redirect followed: a refusal is a WebhookRefused, not worth retrying. */
  private postWebhook(url: string, payload: object): Promise<void> {
    return postWebhook(url, payload, { allowHosts: this.config.webhookAllowHosts, resolve: this.resolve, timeoutMs: WEBHOOK_TIMEOUT_MS });
  }

  // ---- the inbox ----

  /** API keys have no inbox: theirs is empty. */
  async inbox(actor: Actor, unreadOnly: boolean, first: number | null | undefined, before: string | null | undefined): Promise<InboxItem[]> {
    const beforeId = before == null ? null : parseWholeId(before, 'before', 'bigint');
    if (actor.kind !== 'user') return [];
    return this.repo.inbox(userIdOf(actor), unreadOnly, beforeId, checkPageSize(first));
  }

  markRead(actor: Actor, ids: string[]): Promise<number> {
    if (actor.kind !== 'user') throw new NotificationsError(NotificationsErrorReason.NOT_ALLOWED, 'API keys have no notifications; sign in as a user');
    return this.repo.markRead(userIdOf(actor), ids.slice(0, 1000).map((id) => parseWholeId(id, 'ids', 'bigint')));
  }
}
