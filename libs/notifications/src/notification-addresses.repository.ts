import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ReminderWebhook {
  provinceCode: string;
  level: string;
  url: string;
  /** YYYY-MM */
  validFrom: string;
  /** YYYY-MM, the last month; null while open. */
  validTo: string | null;
}

const WEBHOOK = `province_code AS "provinceCode", level, url, to_char(valid_from, 'YYYY-MM') AS "validFrom", to_char(valid_to, 'YYYY-MM') AS "validTo"`;

export interface ContactUser {
  userId: number;
  username: string;
  unitId: number;
  unitCode: string;
  unitPathIds: number[];
}

export interface NotificationContact {
  username: string;
  unitCode: string;
  email: string | null;
  webhookUrl: string | null;
}

/** The reminder webhooks (per province and level, by month) and the users' contacts. */
@Injectable()
export class NotificationAddressesRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The province's reminder webhooks, every version, by level and month. */
  webhooks(provinceCode: string, m: EntityManager = this.db.manager): Promise<ReminderWebhook[]> {
    return m.query(
      `SELECT ${WEBHOOK} FROM reminder_webhook WHERE province_code = $1 ORDER BY level, valid_from`,
      [provinceCode],
    );
  }

  /** The latest version of the province's webhook for a level (in force, ended, or from a later month), locked. */
  async latestWebhook(m: EntityManager, provinceCode: string, level: string): Promise<ReminderWebhook | undefined> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('carenet:reminder_webhook:' || $1 || ':' || $2))`, [provinceCode, level]);
    const [row] = await m.query(
      `SELECT ${WEBHOOK} FROM reminder_webhook WHERE province_code = $1 AND level = $2::unit_level ORDER BY valid_from DESC LIMIT 1`,
      [provinceCode, level],
    );
    return row;
  }

  /** Ends the open version (if any) the month before `fromDate` and adds the next from `fromDate`. */
  async addWebhook(m: EntityManager, w: { provinceCode: string; level: string; url: string }, fromDate: string, lastDate: string): Promise<void> {
    await this.endWebhook(m, w.provinceCode, w.level, lastDate);
    await m.query(`INSERT INTO reminder_webhook (province_code, level, url, valid_from) VALUES ($1, $2::unit_level, $3, $4::date)`, [w.provinceCode, w.level, w.url, fromDate]);
  }

  /** Ends the open version after `lastDate`; false when there was none. */
  async endWebhook(m: EntityManager, provinceCode: string, level: string, lastDate: string): Promise<boolean> {
    const [row] = await m.query(
      `WITH ended AS (UPDATE reminder_webhook SET valid_to = $3::date WHERE province_code = $1 AND level = $2::unit_level AND valid_to IS NULL RETURNING level)
       SELECT count(*)::int AS n FROM ended`,
      [provinceCode, level, lastDate],
    );
    return row.n > 0;
  }

  async unitCode(id: number): Promise<string> {
    const [row] = await this.db.query(`SELECT code FROM admin_unit WHERE id = $1`, [id]);
    return row.code;
  }

  async user(m: EntityManager, username: string): Promise<ContactUser | undefined> {
    const [row] = await m.query(
      `SELECT u.id AS "userId", u.username, u.unit_id AS "unitId", a.code AS "unitCode", string_to_array(a.path::text, '.')::int[] AS "unitPathIds"
         FROM app_user u JOIN admin_unit a ON a.id = u.unit_id WHERE lower(u.username) = lower($1)`,
      [username],
    );
    return row;
  }

  async contact(m: EntityManager, userId: number): Promise<{ email: string | null; webhookUrl: string | null } | undefined> {
    const [row] = await m.query(`SELECT email, webhook_url AS "webhookUrl" FROM notification_contact WHERE user_id = $1 FOR UPDATE`, [userId]);
    return row;
  }

  async setContact(m: EntityManager, userId: number, email: string | null, webhookUrl: string | null): Promise<void> {
    await m.query(
      `INSERT INTO notification_contact (user_id, email, webhook_url) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, webhook_url = excluded.webhook_url`,
      [userId, email, webhookUrl],
    );
  }

  async removeContact(m: EntityManager, userId: number): Promise<void> {
    await m.query(`DELETE FROM notification_contact WHERE user_id = $1`, [userId]);
  }

  /** The contacts of the users homed under `path` (an ltree of ids), by user name. */
  contacts(path: string, limit: number): Promise<NotificationContact[]> {
    return this.db.query(
      `SELECT u.username, a.code AS "unitCode", c.email, c.webhook_url AS "webhookUrl"
         FROM notification_contact c JOIN app_user u ON u.id = c.user_id JOIN admin_unit a ON a.id = u.unit_id
        WHERE a.path <@ $1::ltree
        ORDER BY lower(u.username) LIMIT $2`,
      [path, limit],
    );
  }
}
