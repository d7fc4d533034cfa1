import { Injectable } from '@nestjs/common';
import { ReplicaReads } from '@carenet/database';
import { existedIn, type AdminUnit } from '@carenet/admin-tree';

export interface StatsRow {
  unit: AdminUnit;
  values: { indicator: string; value: number }[];
  expected: number;
  submitted: number;
  approved: number;
  onTime: number;
  computedAt: Date | null;
}

const VALID = (a: string) => existedIn(a, '$1');

/**
 * One statement per question: units with their rollup values and completeness
 * (a unit with no completeness row yet expects its subtree's size and has
 * nothing submitted). $1 is the month, $2 the basis.
 */
function statsSelect(from: string): string {
  return `
    SELECT u.id, u.code, u.name, u.level, u.depth, u.parent_id AS "parentId",
           string_to_array(u.path::text, '.')::int[] AS "pathIds",
           to_char(u.valid_from, 'YYYY-MM') AS "validFrom", to_char(u.valid_to, 'YYYY-MM') AS "validTo",
           coalesce((SELECT json_agg(json_build_object('indicator', rv.indicator, 'value', rv.value))
                       FROM rollup_value rv WHERE rv.unit_id = u.id AND rv.period = $1::date AND rv.basis = $2::stats_basis), '[]') AS values,
           coalesce(rc.expected, (SELECT count(*) FROM admin_unit c WHERE c.path <@ u.path AND ${VALID('c')}))::int AS expected,
           coalesce(rc.submitted, 0) AS submitted, coalesce(rc.approved, 0) AS approved, coalesce(rc.on_time, 0) AS "onTime",
           rc.computed_at AS "computedAt"
      FROM ${from}
      LEFT JOIN rollup_completeness rc ON rc.unit_id = u.id AND rc.period = $1::date`;
}

function toRow(r: Record<string, unknown> & Omit<StatsRow, 'unit'>): StatsRow {
  const { values, expected, submitted, approved, onTime, computedAt, ...unit } = r;
  return { unit: unit as unknown as AdminUnit, values, expected, submitted, approved, onTime, computedAt };
}

/**
 * Reads of committed rollups only, so a streaming replica may answer them
 * when it has replayed what the client has seen (ReplicaReads decides).
 */
@Injectable()
export class StatsRepository {
  constructor(private readonly db: ReplicaReads) {}

  /** The unit a code names (depth null: the shallowest) as it was that month, with its stats. */
  async forCode(periodDate: string, basis: string, code: string, depth: number | null): Promise<StatsRow | undefined> {
    const [row] = await this.db.query<Record<string, unknown> & Omit<StatsRow, 'unit'>>(
      `${statsSelect('admin_unit u')} WHERE u.code = $3 AND ($4::int IS NULL OR u.depth = $4) AND ${VALID('u')} ORDER BY u.depth LIMIT 1`,
      [periodDate, basis, code, depth],
    );
    return row ? toRow(row) : undefined;
  }

  /** The unit a code names and its children (the tree of that month), each with its stats: the unit first. */
  async withChildren(periodDate: string, basis: string, code: string, depth: number | null): Promise<StatsRow[]> {
    const rows = await this.db.query<Record<string, unknown> & Omit<StatsRow, 'unit'>>(
      `WITH parent AS (
         SELECT p.id FROM admin_unit p WHERE p.code = $3 AND ($4::int IS NULL OR p.depth = $4) AND ${VALID('p')} ORDER BY p.depth LIMIT 1)
       , units AS (SELECT id FROM parent UNION ALL SELECT c.id FROM admin_unit c JOIN parent ON c.parent_id = parent.id)
       ${statsSelect('admin_unit u JOIN units ON units.id = u.id')}
       WHERE ${VALID('u')}
       ORDER BY u.depth, u.code`,
      [periodDate, basis, code, depth],
    );
    return rows.map(toRow);
  }

  async forIds(periodDate: string, basis: string, ids: number[]): Promise<StatsRow[]> {
    const rows = await this.db.query<Record<string, unknown> & Omit<StatsRow, 'unit'>>(`${statsSelect('admin_unit u')} WHERE u.id = ANY($3::int[])`, [periodDate, basis, ids]);
    return rows.map(toRow);
  }

  /** One indicator of one unit over a range of months: one value per month (0 when none). */
  /**
   * One indicator month by month, continuous across tree changes: each month
   * sums the unit and every unit it continues (moved, renamed, merged or split
   * into it, followed back through the lineage) as they stood that month.
   */
  timeSeries(unitId: number, indicator: string, fromDate: string, toDate: string, basis: string): Promise<{ period: string; value: number }[]> {
    return this.db.query<{ period: string; value: number }>(
      `WITH RECURSIVE lineage(id) AS (
         SELECT $1::int
         UNION
         SELECT l.predecessor_id FROM admin_unit_lineage l JOIN lineage ON l.successor_id = lineage.id
       )
       SELECT to_char(m, 'YYYY-MM') AS period,
              coalesce((SELECT sum(rv.value) FROM lineage
                          JOIN admin_unit u ON u.id = lineage.id AND ${existedIn('u', 'm')}
                          JOIN rollup_value rv ON rv.unit_id = u.id AND rv.period = m::date AND rv.basis = $5::stats_basis AND rv.indicator = $4), 0)::bigint AS value
         FROM generate_series($2::date, $3::date, interval '1 month') AS m
        ORDER BY m`,
      [unitId, fromDate, toDate, indicator, basis],
    );
  }

}
