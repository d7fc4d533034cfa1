import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addMonths, dateToPeriod, LOGGER, periodToDate, pushTo, type Logger } from '@carenet/core';

export interface OverdueNotice {
  period: string;
  level: string;
  unitCodes: string[];
}

const CHUNK = 1000;

/**
 * Flags units whose own report is past its deadline (domain.md §4: days after
 * the month ends, per level, per province) and not yet submitted, once per
 * unit and month, and tells the reminder webhook of each level.
 */
@Injectable()
export class DeadlinesService {
  constructor(
    private readonly db: DataSource,
    @Optional() @Inject(LOGGER) private readonly logger?: Logger,
  ) {}

  async flagOverdue(now: Date = new Date()): Promise<OverdueNotice[]> {
    const notices: OverdueNotice[] = [];
    const current = dateToPeriod(new Date(now.getTime() + 8 * 3600_000)); // the month in China
    for (const period of [addMonths(current, -1), addMonths(current, -2)]) {
      const rows: { level: string; code: string }[] = await this.db.query(
        `WITH overdue AS (
           SELECT u.id, u.level, u.code
             FROM admin_unit u
             JOIN admin_unit p ON p.id = (string_to_array(u.path::text, '.')::int[])[1]
             JOIN report_deadline d0 ON d0.province_code = '000000000000' AND d0.level = u.level
             LEFT JOIN report_deadline d1 ON d1.province_code = p.code AND d1.level = u.level
             LEFT JOIN report r ON r.unit_id = u.id AND r.period = $1::date
            WHERE u.valid_from <= $1::date AND (u.valid_to IS NULL OR u.valid_to >= $1::date)
              AND (r.status IS NULL OR r.status NOT IN ('SUBMITTED', 'APPROVED', 'EXEMPTED'))
              AND $2::timestamptz >= ($1::date + interval '1 month') - interval '8 hours' + make_interval(days => coalesce(d1.days, d0.days))
         ), flagged AS (
           INSERT INTO overdue_notice (unit_id, period) SELECT id, $1::date FROM overdue ON CONFLICT DO NOTHING RETURNING unit_id
         )
         SELECT o.level, o.code FROM overdue o JOIN flagged f ON f.unit_id = o.id ORDER BY o.level, o.code`,
        [periodToDate(period), now.toISOString()],
      );
      const byLevel = new Map<string, string[]>();
      for (const r of rows) pushTo(byLevel, r.level, r.code);
      for (const [level, unitCodes] of byLevel) notices.push({ period, level, unitCodes });
    }
    if (notices.length) await this.remind(notices);
    return notices;
  }

  /** POSTs each level's newly overdue units to that level's webhook, in chunks; a failure is logged, the flags stay. */
  private async remind(notices: OverdueNotice[]): Promise<void> {
    const hooks: { level: string; url: string }[] = await this.db.query(`SELECT level, url FROM reminder_webhook`);
    const urls = new Map(hooks.map((h) => [h.level, h.url]));
    for (const n of notices) {
      const url = urls.get(n.level);
      if (!url) continue;
      for (let i = 0; i < n.unitCodes.length; i += CHUNK) {
        const body = { event: 'reports.overdue', period: n.period, level: n.level, unitCodes: n.unitCodes.slice(i, i + CHUNK) };
        try {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
        } catch (e) {
          this.logger?.warn({ url, level: n.level, period: n.period, err: (e as Error).message }, 'overdue reminder webhook failed');
        }
      }
    }
  }
}
