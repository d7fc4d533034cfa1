import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HANDED_IN_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';
import { inForceIn } from '@carenet/indicators';
import { deadlineAt, deadlineJoins } from './deadline.js';

/** The deadline statements: units past their deadline, flagged once per month, and the reminder webhooks in force in a month. */
@Injectable()
export class DeadlinesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Flags, once per unit and month, every unit of the month's tree whose own
   * report is not handed in although its deadline (days after the month ends,
   * per level, per province, else the default, as the rules stood for that month) has passed at `now`; returns
   * the newly flagged ones.
   */
  flagOverdue(periodDate: string, now: Date): Promise<{ provinceCode: string; level: string; code: string }[]> {
    return this.db.query(
      `WITH overdue AS (
         SELECT u.id, u.level, u.code, dp.code AS province_code
           FROM admin_unit u
           ${deadlineJoins('u', '$1')}
           LEFT JOIN report r ON r.unit_id = u.id AND r.period = $1::date
          WHERE ${existedIn('u', '$1')}
            AND (r.status IS NULL OR r.status NOT IN ${sqlList(HANDED_IN_STATUSES)})
            AND $2::timestamptz >= ${deadlineAt('$1')}
       ), flagged AS (
         INSERT INTO overdue_notice (unit_id, period) SELECT id, $1::date FROM overdue ON CONFLICT DO NOTHING RETURNING unit_id
       )
       SELECT o.province_code AS "provinceCode", o.level, o.code FROM overdue o JOIN flagged f ON f.unit_id = o.id ORDER BY o.level, o.code`,
      [periodDate, now.toISOString()],
    );
  }

  /** The reminder webhooks in force in the month, per province and level. */
  reminderWebhooks(periodDate: string): Promise<{ provinceCode: string; level: string; url: string }[]> {
    return this.db.query(`SELECT w.province_code AS "provinceCode", w.level, w.url FROM reminder_webhook w WHERE ${inForceIn('w', '$1')}`, [periodDate]);
  }
}
