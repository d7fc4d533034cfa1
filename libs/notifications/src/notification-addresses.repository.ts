import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface ReminderWebhook {
  level: string;
  url: string;
}

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

/** The reminder webhooks and the users' contacts. */
@Injectable()
export class NotificationAddressesRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  webhooks(m: EntityManager = this.db.manager): Promise<ReminderWebhook[]> {
    return m.query(`SELECT level, url FROM reminder_webhook ORDER BY level`);
  }

  async webhook(m: EntityManager, level: string): Promise<ReminderWebhook | undefined> {
    const [row] = await m.query(`SELECT level, url FROM reminder_webhook WHERE level = $1::unit_level FOR UPDATE`, [level]);
    return row;
  }

  async setWebhook(m: EntityManager, level: string, url: string): Promise<void> {
    await m.query(`INSERT INTO reminder_webhook (level, url) VALUES ($1::unit_level, $2) ON CONFLICT (level) DO UPDATE SET url = excluded.url`, [level, url]);
  }

  async removeWebhook(m: EntityManager, level: string): Promise<void> {
    await m.query(`DELETE FROM reminder_webhook WHERE level = $1::unit_level`, [level]);
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
