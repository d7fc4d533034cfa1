import { Inject, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { LOGGER, WebhookRefused, type Logger } from '@carenet/core';
import { dispatch, HandlerRegistry, NotificationJob, QueueName, type HandlerMap } from '@carenet/queue';
import { NotificationsService, SCAN_EVERY_MS } from '@carenet/notifications';

/** Notification jobs: the scan every quarter hour, and each delivery (retried with back-off, unless its webhook's address is refused). */
@Processor(QueueName.NOTIFICATIONS, { concurrency: 4 })
export class NotificationProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly handlers: HandlerMap<NotificationJob>;

  constructor(
    registry: HandlerRegistry,
    private readonly notifications: NotificationsService,
    @InjectQueue(QueueName.NOTIFICATIONS) private readonly queue: Queue,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.handlers = {
      [NotificationJob.SCAN]: async (data) => {
        const created = await this.notifications.scan(data?.now ? new Date(data.now) : new Date());
        if (created) this.logger.info({ created }, 'notifications created');
        return { created };
      },
      [NotificationJob.DELIVER]: async ({ notificationId, channel }) => {
        try {
          return { result: await this.notifications.deliver(notificationId, channel) };
        } catch (e) {
          // an address the rule refuses stays refused: failed at once, not retried
          if (e instanceof WebhookRefused) throw new UnrecoverableError(e.message);
          throw e;
        }
      },
    };
    registry.register(QueueName.NOTIFICATIONS, this.handlers);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler('notification-scan', { every: SCAN_EVERY_MS }, { name: NotificationJob.SCAN, data: {} });
  }

  process(job: Job): Promise<unknown> {
    return dispatch(QueueName.NOTIFICATIONS, this.handlers, job);
  }
}
