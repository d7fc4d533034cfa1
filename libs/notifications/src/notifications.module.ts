import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { NOTIFICATION_QUEUE } from './notification-queue.js';

/** Needs QueueModule (the BullMQ connection) loaded by the process. */
@Module({
  imports: [BullModule.registerQueue({ name: NOTIFICATION_QUEUE })],
  providers: [NotificationsRepository, NotificationsService],
  exports: [NotificationsService, BullModule],
})
export class NotificationsModule {}
