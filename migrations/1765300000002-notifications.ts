import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: each user's inbox (one row per event and recipient, unique
 * by a dedup key, so an event reaches a recipient at most once however often
 * the job that finds it runs), deliveries by e-mail and webhook (one row per
 * notification and channel once sent), where to deliver (per user), and after
 * how many days without action a submitted report goes one level further up.
 */
export class Notifications1765300000002 implements MigrationInterface {
  name = 'Notifications1765300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id    integer NOT NULL REFERENCES app_user (id),
        kind       text NOT NULL CHECK (kind IN ('REPORT_RETURNED', 'REPORTS_WAITING', 'DEADLINE_SOON', 'OVERDUE', 'ESCALATION')),
        dedup_key  text NOT NULL,
        unit_id    integer REFERENCES admin_unit (id),
        period     date,
        title      text NOT NULL,
        body       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        read_at    timestamptz,
        UNIQUE (user_id, dedup_key)
      )`);
    await q.query(`CREATE INDEX notification_inbox ON notification (user_id, id DESC)`);
    await q.query(`
      CREATE TABLE notification_delivery (
        notification_id bigint NOT NULL REFERENCES notification (id),
        channel         text NOT NULL CHECK (channel IN ('EMAIL', 'WEBHOOK')),
        delivered_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (notification_id, channel)
      )`);
    await q.query(`
      CREATE TABLE notification_contact (
        user_id     integer PRIMARY KEY REFERENCES app_user (id),
        email       text CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        webhook_url text CHECK (webhook_url ~ '^https?://')
      )`);
    await q.query(`
      CREATE TABLE escalation_rule (
        level unit_level PRIMARY KEY,
        days  integer NOT NULL CHECK (days BETWEEN 1 AND 90)
      )`);
    await q.query(`INSERT INTO escalation_rule (level, days) VALUES ('VILLAGE', 3), ('TOWNSHIP', 3), ('COUNTY', 4), ('CITY', 5), ('PROVINCE', 5)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE escalation_rule`);
    await q.query(`DROP TABLE notification_contact`);
    await q.query(`DROP TABLE notification_delivery`);
    await q.query(`DROP TABLE notification`);
  }
}
