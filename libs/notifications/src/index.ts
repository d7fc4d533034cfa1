export * from './notifications.service.js';
export * from './notifications.module.js';
export * from './notification-queue.js';
export * from './notification-settings.js';
export type { InboxItem, Channel } from './notifications.repository.js';
export * from './notification-addresses.js';
export * from './notification-addresses.service.js';
export type { ReminderWebhook, NotificationContact } from './notification-addresses.repository.js';
export * from './notifications.errors.js';
