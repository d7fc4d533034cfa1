import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HANDED_IN_STATUSES, ReportStatus, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';
import { deadlineAt, deadlineJoins } from '@carenet/reporting';

export type Channel = 'EMAIL' | 'WEBHOOK';

export interface Created {
  id: number;
  userId: number;
}

export interface InboxItem {
  id: number;
  kind: string;
  title: string;
  body: string;
  unitCode: string | null;
  period: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface DeliveryTarget {
  id: number;
  title: string;
  body: string;
  kind: string;
  email: string | null;
  webhookUrl: string | null;
  delivered: boolean;
}

/** Recipients are always users homed at the report's unit or above it (its subtree holds the unit), enabled. */
const IN_SCOPE = `au.disabled_at IS NULL AND u.path <@ hu.path`;

/**
 * The SQL of notifications. Each finder inserts one row per event and
 * recipient, set-based, ON CONFLICT on the dedup key: an event found twice
 * yields its notification once.
 */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly db: DataSource) {}

  /** A returned report, to the clerk who submitted it (or last saved it). */
  returned(now: Date): Promise<Created[]> {
    return this.db.query(
      `INSERT INTO notification (user_id, kind, dedup_key, unit_id, period, title, body)
       SELECT au.id, 'REPORT_RETURNED', 'returned:' || r.id || ':' || r.version, u.id, r.period,
              u.name || ' ' || to_char(r.period, 'YYYY-MM') || ': report returned',
              'The report of ' || u.name || ' (' || u.code || ') for ' || to_char(r.period, 'YYYY-MM') || ' was returned (' || coalesce(r.return_reason, 'no reason code') || '): '
                || coalesce(r.return_comment, '') || ' Correct it and submit it again.'
         FROM report r JOIN admin_unit u ON u.id = r.unit_id
         JOIN app_user au ON au.id = coalesce(r.submitted_by, r.saved_by)
         JOIN admin_unit hu ON hu.id = au.unit_id
        WHERE r.status = '${ReportStatus.RETURNED}' AND r.updated_at > $1::timestamptz - interval '30 days' AND ${IN_SCOPE}
       ON CONFLICT (user_id, dedup_key) DO NOTHING
       RETURNING id, user_id AS "userId"`,
      [now],
    );
  }

  /**
   * A report submitted and left without action: after N days (escalation_rule,
   * by the report's level) to the approvers one level above the unit's parent,
   * after 2N two levels above, and so on up to the province.
   */
  escalations(now: Date): Promise<Created[]> {
    return this.db.query(
      `WITH due AS (
         SELECT r.id, r.version, r.period, u.id AS unit_id, u.name, u.code, u.depth,
                string_to_array(u.path::text, '.')::int[] AS ids,
                floor(extract(epoch FROM $1::timestamptz - r.submitted_at) / 86400 / e.days)::int AS steps, e.days
           FROM report r JOIN admin_unit u ON u.id = r.unit_id JOIN escalation_rule e ON e.level = u.level
          WHERE r.status = '${ReportStatus.SUBMITTED}' AND r.submitted_at <= $1::timestamptz - make_interval(days => e.days)
       ), target AS (
         SELECT d.*, s.step, d.ids[d.depth - 1 - s.step] AS target_id
           FROM due d CROSS JOIN LATERAL generate_series(1, least(d.steps, d.depth - 2)) AS s(step)
       )
       INSERT INTO notification (user_id, kind, dedup_key, unit_id, period, title, body)
       SELECT au.id, 'ESCALATION', 'escalation:' || t.id || ':' || t.version || ':' || t.step, t.unit_id, t.period,
              t.name || ' ' || to_char(t.period, 'YYYY-MM') || ': waiting ' || (t.step * t.days) || ' days for approval',
              'The report of ' || t.name || ' (' || t.code || ') for ' || to_char(t.period, 'YYYY-MM') || ' was submitted more than '
                || (t.step * t.days) || ' days ago and is still waiting. Approve or return it, or ask the approver of the level below to.'
         FROM target t
         JOIN app_user au ON au.unit_id = t.target_id AND 'APPROVER' = ANY (au.roles)
         JOIN admin_unit hu ON hu.id = au.unit_id
         JOIN admin_unit u ON u.id = t.unit_id
        WHERE ${IN_SCOPE}
       ON CONFLICT (user_id, dedup_key) DO NOTHING
       RETURNING id, user_id AS "userId"`,
      [now],
    );
  }

  /**
   * Deadlines of a month's reports: in two days (DEADLINE_SOON) and past
   * (OVERDUE), for units whose own report is not submitted, approved or
   * exempted; one notification per recipient, month and kind, listing the
   * units: to the clerks homed at the unit or its parent and the approvers
   * homed at its parent (all of them within the unit's scope).
   */
  deadlines(now: Date, periodDate: string): Promise<Created[]> {
    return this.db.query(
      `WITH due AS (
         SELECT u.id, u.code, u.parent_id, ${deadlineAt('$2')} AS deadline
           FROM admin_unit u
           ${deadlineJoins('u', '$2')}
           LEFT JOIN report r ON r.unit_id = u.id AND r.period = $2::date
          WHERE ${existedIn('u', '$2')}
            AND (r.status IS NULL OR r.status NOT IN ${sqlList(HANDED_IN_STATUSES)})
       ), phase AS (
         SELECT d.*, CASE WHEN $1::timestamptz >= d.deadline THEN 'OVERDUE' ELSE 'DEADLINE_SOON' END AS kind
           FROM due d WHERE $1::timestamptz >= d.deadline - interval '2 days'
       ), told AS (
         SELECT au.id AS user_id, ph.kind, count(*) AS n, string_agg(ph.code, ', ' ORDER BY ph.code) AS codes, min(ph.deadline) AS deadline
           FROM phase ph
           JOIN app_user au ON au.disabled_at IS NULL
            AND ((au.unit_id IN (ph.id, ph.parent_id) AND 'CLERK' = ANY (au.roles)) OR (au.unit_id = ph.parent_id AND 'APPROVER' = ANY (au.roles)))
          GROUP BY au.id, ph.kind
       )
       INSERT INTO notification (user_id, kind, dedup_key, period, title, body)
       SELECT t.user_id, t.kind, lower(t.kind) || ':' || to_char($2::date, 'YYYY-MM'), $2::date,
              to_char($2::date, 'YYYY-MM') || ': ' || t.n || CASE WHEN t.kind = 'OVERDUE' THEN ' reports overdue' ELSE ' reports due within two days' END,
              CASE WHEN t.kind = 'OVERDUE' THEN 'These units have not submitted their report for ' ELSE 'Due by ' || to_char(t.deadline AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' (China time), not yet submitted for ' END
                || to_char($2::date, 'YYYY-MM') || ': ' || left(t.codes, 2000) || '. Enter and submit them, or exempt them with a reason.'
         FROM told t
       ON CONFLICT (user_id, dedup_key) DO NOTHING
       RETURNING id, user_id AS "userId"`,
      [now, periodDate],
    );
  }

  /** The daily digest: to each approver, the submitted reports of the units directly below their home unit, once per China day. */
  waiting(now: Date): Promise<Created[]> {
    return this.db.query(
      `WITH w AS (
         SELECT au.id AS user_id, count(*) AS n, string_agg(u.code || ' ' || to_char(r.period, 'YYYY-MM'), ', ' ORDER BY r.period, u.code) AS list
           FROM report r JOIN admin_unit u ON u.id = r.unit_id
           JOIN app_user au ON au.unit_id = u.parent_id AND 'APPROVER' = ANY (au.roles) AND au.disabled_at IS NULL
          WHERE r.status = '${ReportStatus.SUBMITTED}'
          GROUP BY au.id)
       INSERT INTO notification (user_id, kind, dedup_key, title, body)
       SELECT w.user_id, 'REPORTS_WAITING', 'waiting:' || to_char($1::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
              w.n || ' reports waiting for your approval',
              'Submitted and waiting: ' || left(w.list, 2000) || '. Approve or return each.'
         FROM w
       ON CONFLICT (user_id, dedup_key) DO NOTHING
       RETURNING id, user_id AS "userId"`,
      [now],
    );
  }

  /** Channels each new notification goes out on: the recipient's e-mail and webhook, when set. */
  async channels(ids: number[]): Promise<{ id: number; channel: Channel }[]> {
    if (ids.length === 0) return [];
    return this.db.query(
      `SELECT n.id, c.channel FROM notification n JOIN notification_contact k ON k.user_id = n.user_id
        CROSS JOIN LATERAL (VALUES ('EMAIL', k.email), ('WEBHOOK', k.webhook_url)) AS c(channel, target)
        WHERE n.id = ANY($1::bigint[]) AND c.target IS NOT NULL ORDER BY n.id, c.channel`,
      [ids],
    );
  }

  async target(id: number, channel: Channel): Promise<DeliveryTarget | undefined> {
    const [row] = await this.db.query(
      `SELECT n.id, n.title, n.body, n.kind, k.email, k.webhook_url AS "webhookUrl",
              EXISTS (SELECT 1 FROM notification_delivery d WHERE d.notification_id = n.id AND d.channel = $2) AS delivered
         FROM notification n LEFT JOIN notification_contact k ON k.user_id = n.user_id WHERE n.id = $1`,
      [id, channel],
    );
    return row;
  }

  /** Claims the delivery; false when it was already made (a job run twice). */
  async markDelivered(id: number, channel: Channel): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO notification_delivery (notification_id, channel) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING notification_id`,
      [id, channel],
    );
    return rows.length > 0;
  }

  async unmarkDelivered(id: number, channel: Channel): Promise<void> {
    await this.db.query(`DELETE FROM notification_delivery WHERE notification_id = $1 AND channel = $2`, [id, channel]);
  }

  inbox(userId: number, unreadOnly: boolean, beforeId: number | null, limit: number): Promise<InboxItem[]> {
    return this.db.query(
      `SELECT n.id, n.kind, n.title, n.body, u.code AS "unitCode", to_char(n.period, 'YYYY-MM') AS period, n.created_at AS "createdAt", n.read_at AS "readAt"
         FROM notification n LEFT JOIN admin_unit u ON u.id = n.unit_id
        WHERE n.user_id = $1 AND (NOT $2 OR n.read_at IS NULL) AND ($3::bigint IS NULL OR n.id < $3)
        ORDER BY n.id DESC LIMIT $4`,
      [userId, unreadOnly, beforeId, limit],
    );
  }

  async markRead(userId: number, ids: number[]): Promise<number> {
    const [row] = await this.db.query(
      `WITH marked AS (UPDATE notification SET read_at = clock_timestamp() WHERE user_id = $1 AND id = ANY($2::bigint[]) AND read_at IS NULL RETURNING id)
       SELECT count(*) AS n FROM marked`,
      [userId, ids],
    );
    return row.n;
  }
}
