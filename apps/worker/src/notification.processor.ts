import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { LOGGER, WebhookRefused, type Logger } from '@carenet/core';
import { NOTIFICATION_QUEUE, NotificationJob, NotificationsService, SCAN_EVERY_MS, type Channel } from '@carenet/notifications';

/** Notification jobs: the scan every quarter hour, and each delivery (retried with back-off, unless its webhook's address is refused). */
@Processor(NOTIFICATION_QUEUE, { concurrency: 4 })
export class NotificationProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly notifications: NotificationsService,
    @InjectQueue(NOTIFICATION_QUEUE) private readonly queue: Queue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('notification-scan', { every: SCAN_EVERY_MS }, { name: NotificationJob.SCAN, data: {} });
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case NotificationJob.SCAN: {
        const created = await this.notifications.scan(job.data?.now ? new Date(job.data.now) : new Date());
        if (created) this.logger.info({ created }, 'notifications created');
        return { created };
      }
      case NotificationJob.DELIVER: {
        const { notificationId, channel } = job.data as { notificationId: number; channel: Channel };
        try {
          return { result: await this.notifications.deliver(notificationId, channel) };
        } catch (e) {
          // an address the rule refuses stays refused: failed at once, not retried
          if (e instanceof WebhookRefused) throw new UnrecoverableError(e.message);
          throw e;
        }
      }
      default:
        throw new Error(`no handler for job ${job.name} on queue ${NOTIFICATION_QUEUE}`);
    }
  }
}
