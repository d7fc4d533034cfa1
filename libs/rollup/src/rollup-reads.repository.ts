import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HANDED_IN_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';

export interface CompletenessRow {
  unitId: number;
  expected: number;
  submitted: number;
  approved: number;
  onTime: number;
}

/** Reads of the kept rollups: values, completeness, and the children still to hand in. */
@Injectable()
export class RollupReadsRepository {
  constructor(private readonly db: DataSource) {}

  async values(unitIds: number[], periodDate: string, basis: string): Promise<Map<number, Map<string, number>>> {
    const rows: { unitId: number; indicator: string; value: number }[] = await this.db.query(
      `SELECT unit_id AS "unitId", indicator, value FROM rollup_value WHERE unit_id = ANY($1::int[]) AND period = $2::date AND basis = $3::stats_basis`,
      [unitIds, periodDate, basis],
    );
    const out = new Map<number, Map<string, number>>(unitIds.map((id) => [id, new Map()]));
    for (const r of rows) out.get(r.unitId)!.set(r.indicator, r.value);
    return out;
  }

  /** Completeness of each unit; a unit with no row yet has nothing submitted and its subtree's size expected. */
  async completeness(unitIds: number[], periodDate: string): Promise<Map<number, CompletenessRow>> {
    const rows: CompletenessRow[] = await this.db.query(
      `SELECT u.id AS "unitId",
              coalesce(rc.expected, (SELECT count(*) FROM admin_unit c WHERE c.path <@ u.path AND ${existedIn('c', '$2')}))::int AS expected,
              coalesce(rc.submitted, 0) AS submitted, coalesce(rc.approved, 0) AS approved, coalesce(rc.on_time, 0) AS "onTime"
         FROM admin_unit u LEFT JOIN rollup_completeness rc ON rc.unit_id = u.id AND rc.period = $2::date
        WHERE u.id = ANY($1::int[])`,
      [unitIds, periodDate],
    );
    return new Map(rows.map((r) => [r.unitId, r]));
  }

  /** Direct children whose own report is not submitted, approved or exempted: a page, after a code. */
  async missingChildren(unitId: number, periodDate: string, afterCode: string, limit: number): Promise<{ id: number }[]> {
    return this.db.query(
      `SELECT c.id FROM admin_unit c LEFT JOIN report r ON r.unit_id = c.id AND r.period = $2::date
        WHERE c.parent_id = $1 AND ${existedIn('c', '$2')} AND c.code > $3
          AND (r.status IS NULL OR r.status NOT IN ${sqlList(HANDED_IN_STATUSES)})
        ORDER BY c.code LIMIT $4`,
      [unitId, periodDate, afterCode, limit + 1],
    );
  }

  async countMissingChildren(unitId: number, periodDate: string): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*) AS n FROM admin_unit c LEFT JOIN report r ON r.unit_id = c.id AND r.period = $2::date
        WHERE c.parent_id = $1 AND ${existedIn('c', '$2')} AND (r.status IS NULL OR r.status NOT IN ${sqlList(HANDED_IN_STATUSES)})`,
      [unitId, periodDate],
    );
    return row.n;
  }
}
