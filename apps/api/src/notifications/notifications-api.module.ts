import { Module } from '@nestjs/common';
import { NotificationsModule } from '@carenet/notifications';
import { NotificationsResolver } from './notifications.resolver.js';

@Module({ imports: [NotificationsModule], providers: [NotificationsResolver] })
export class NotificationsApiModule {}
