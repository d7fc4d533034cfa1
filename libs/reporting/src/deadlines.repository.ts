import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HANDED_IN_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';
import { inForceIn } from '@carenet/indicators';

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
         SELECT u.id, u.level, u.code, p.code AS province_code
           FROM admin_unit u
           JOIN admin_unit p ON p.id = (string_to_array(u.path::text, '.')::int[])[1]
           JOIN report_deadline d0 ON d0.province_code = '000000000000' AND d0.level = u.level AND ${inForceIn('d0', '$1')}
           LEFT JOIN report_deadline d1 ON d1.province_code = p.code AND d1.level = u.level AND ${inForceIn('d1', '$1')}
           LEFT JOIN report r ON r.unit_id = u.id AND r.period = $1::date
          WHERE ${existedIn('u', '$1')}
            AND (r.status IS NULL OR r.status NOT IN ${sqlList(HANDED_IN_STATUSES)})
            AND $2::timestamptz >= ($1::date + interval '1 month') - interval '8 hours' + make_interval(days => coalesce(d1.days, d0.days))
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
