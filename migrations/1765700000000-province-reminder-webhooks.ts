import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminder webhooks per province and level, versioned by month like the
 * catalogue: a change ends the row in force (valid_to, the month before) and
 * adds the next; a removal ends it. The webhooks kept so far were one per
 * level for the whole system: each becomes a row of every province there is,
 * in force from 2000-01 (the catalogue's start), so each province goes on
 * being told what it was told before, and its administrators can change it
 * from then on.
 */
export class ProvinceReminderWebhooks1765700000000 implements MigrationInterface {
  name = 'ProvinceReminderWebhooks1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reminder_webhook RENAME TO reminder_webhook_old`);
    await q.query(`ALTER TABLE reminder_webhook_old RENAME CONSTRAINT reminder_webhook_pkey TO reminder_webhook_old_pkey`);
    await q.query(`
      CREATE TABLE reminder_webhook (
        province_code char(12)   NOT NULL CHECK (province_code ~ '^[0-9]{12}$'),
        level         unit_level NOT NULL,
        url           text       NOT NULL CHECK (url ~ '^https?://'),
        valid_from    date       NOT NULL CHECK (extract(day FROM valid_from) = 1),
        valid_to      date       CHECK (valid_to IS NULL OR (extract(day FROM valid_to) = 1 AND valid_to >= valid_from)),
        PRIMARY KEY (province_code, level, valid_from)
      )`);
    // at most one open version per province and level
    await q.query(`CREATE UNIQUE INDEX reminder_webhook_open ON reminder_webhook (province_code, level) WHERE valid_to IS NULL`);
    await q.query(`
      INSERT INTO reminder_webhook (province_code, level, url, valid_from)
      SELECT p.code, w.level, w.url, DATE '2000-01-01'
        FROM reminder_webhook_old w CROSS JOIN (SELECT DISTINCT code FROM admin_unit WHERE depth = 1) p`);
    await q.query(`DROP TABLE reminder_webhook_old`);
  }

  async down(q: QueryRunner): Promise<void> {
    // back to one webhook per level: the one in force now in the first province that has one
    await q.query(`ALTER TABLE reminder_webhook RENAME TO reminder_webhook_versions`);
    await q.query(`ALTER TABLE reminder_webhook_versions RENAME CONSTRAINT reminder_webhook_pkey TO reminder_webhook_versions_pkey`);
    await q.query(`
      CREATE TABLE reminder_webhook (
        level unit_level PRIMARY KEY,
        url   text NOT NULL CHECK (url ~ '^https?://')
      )`);
    await q.query(`
      INSERT INTO reminder_webhook (level, url)
      SELECT DISTINCT ON (level) level, url FROM reminder_webhook_versions
       WHERE valid_to IS NULL ORDER BY level, province_code`);
    await q.query(`DROP TABLE reminder_webhook_versions`);
  }
}
