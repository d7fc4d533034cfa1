import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COUNTED_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';
import type { ExplainedWarning, ProvincialReportContent } from './provincial-report-content.js';

export interface SnapshotUnit {
  id: number;
  code: string;
  name: string;
  level: string;
}


/** The immutable, versioned provincial report snapshots. */
@Injectable()
export class ProvincialReportRepository {
  constructor(private readonly db: DataSource) {}

  /** The province and every city and county under it that existed that month. */
  unitsOf(provinceId: number, periodDate: string): Promise<SnapshotUnit[]> {
    return this.db.query(
      `SELECT u.id, u.code, u.name, u.level FROM admin_unit u JOIN admin_unit p ON p.id = $1
        WHERE u.path <@ p.path AND u.depth <= 3 AND ${existedIn('u', '$2')}
        ORDER BY u.code, u.depth`,
      [provinceId, periodDate],
    );
  }

  /** Warnings that were explained in the approved reports of the province's subtree that month. */
  explainedWarnings(provinceId: number, periodDate: string): Promise<ExplainedWarning[]> {
    return this.db.query(
      `SELECT u.code AS "unitCode", u.name AS "unitName", w->>'rule' AS rule,
              ARRAY(SELECT jsonb_array_elements_text(w->'indicators')) AS indicators, w->>'message' AS message, e->>'text' AS explanation
         FROM report r JOIN admin_unit u ON u.id = r.unit_id JOIN admin_unit p ON p.id = $1 AND u.path <@ p.path
        CROSS JOIN LATERAL jsonb_array_elements(r.warnings) w
        CROSS JOIN LATERAL jsonb_array_elements(r.explanations) e
        WHERE r.period = $2::date AND r.status IN ${sqlList(COUNTED_STATUSES.APPROVED)}
          AND e->>'rule' = w->>'rule' AND e->>'indicator' = w->'indicators'->>0
        ORDER BY u.code, rule`,
      [provinceId, periodDate],
    );
  }

  /** Stores the next version; concurrent builds get consecutive versions (the unique key retries the loser). */
  async insertNextVersion(provinceId: number, periodDate: string, trigger: string, content: unknown): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const [row] = await this.db.query(
          `INSERT INTO provincial_report (province_id, period, version, trigger, content)
           SELECT $1, $2::date, coalesce(max(version), 0) + 1, $3, $4::jsonb FROM provincial_report WHERE province_id = $1 AND period = $2::date
           RETURNING version`,
          [provinceId, periodDate, trigger, JSON.stringify(content)],
        );
        return row.version;
      } catch (e) {
        if ((e as { driverError?: { code?: string } }).driverError?.code !== '23505' || attempt > 5) throw e;
      }
    }
  }

  async find(provinceId: number, periodDate: string, version?: number | null): Promise<{ version: number; trigger: string; createdAt: Date; content: ProvincialReportContent } | undefined> {
    const [row] = await this.db.query(
      `SELECT version, trigger, created_at AS "createdAt", content FROM provincial_report
        WHERE province_id = $1 AND period = $2::date AND ($3::int IS NULL OR version = $3)
        ORDER BY version DESC LIMIT 1`,
      [provinceId, periodDate, version ?? null],
    );
    return row;
  }
}
