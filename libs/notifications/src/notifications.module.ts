import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { NOTIFICATION_QUEUE } from './notification-queue.js';
import { AdminAuditModule } from '@carenet/admin-audit';
import { NotificationAddressesRepository } from './notification-addresses.repository.js';
import { NotificationAddressesService } from './notification-addresses.service.js';

/** Needs QueueModule (the BullMQ connection) loaded by the process. */
@Module({
  imports: [BullModule.registerQueue({ name: NOTIFICATION_QUEUE }), AdminAuditModule],
  providers: [NotificationsRepository, NotificationsService, NotificationAddressesRepository, NotificationAddressesService],
  exports: [NotificationsService, NotificationAddressesService, BullModule],
})
export class NotificationsModule {}
