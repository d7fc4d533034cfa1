/** The notifications queue and its jobs (kept with the feature; registered by NotificationsModule). */
export const NOTIFICATION_QUEUE = 'notifications';

export enum NotificationJob {
  /** Find due events (returned reports, escalations) and create their notifications. */
  SCAN = 'notifications.scan',
  /** Deliver one notification on one channel. */
  DELIVER = 'notifications.deliver',
}

export const SCAN_EVERY_MS = 15 * 60_000;
