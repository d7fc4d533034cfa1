import { Module } from '@nestjs/common';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { AdminAuditModule } from '@carenet/admin-audit';
import { NotificationAddressesRepository } from './notification-addresses.repository.js';
import { NotificationAddressesService } from './notification-addresses.service.js';

/** Needs QueueModule (the BullMQ connection and the notifications queue) loaded by the process. */
@Module({
  imports: [AdminAuditModule],
  providers: [NotificationsRepository, NotificationsService, NotificationAddressesRepository, NotificationAddressesService],
  exports: [NotificationsService, NotificationAddressesService],
})
export class NotificationsModule {}
