import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { COUNTED_STATUSES, DONE_STATUSES, HANDED_IN_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';

const BASES = `(VALUES ('APPROVED'::stats_basis), ('PROVISIONAL'::stats_basis)) AS b(basis)`;
/** Which reports count on which basis: APPROVED counts approved ones; PROVISIONAL also submitted ones. */
const COUNTS_ON_BASIS = `((b.basis = 'APPROVED' AND r.status IN ${sqlList(COUNTED_STATUSES.APPROVED)}) OR (b.basis = 'PROVISIONAL' AND r.status IN ${sqlList(COUNTED_STATUSES.PROVISIONAL)}))`;
const VALID = existedIn;

export interface RollupDifference {
  unitId: number;
  unitCode: string;
  basis: string;
  indicator: string;
  expected: number | null;
  actual: number | null;
}

export interface CompletenessRow {
  unitId: number;
  expected: number;
  submitted: number;
  approved: number;
  onTime: number;
}

/**
 * The rollup arithmetic, set-based. A unit's rollup is its own report's
 * values plus the rollups of its children (as the tree stood that month);
 * the verifier recomputes everything from the raw reports instead.
 */
@Injectable()
export class RollupRepository {
  constructor(private readonly db: DataSource) {}

  async pathOf(unitId: number): Promise<number[]> {
    const [row] = await this.db.query(`SELECT string_to_array(path::text, '.')::int[] AS ids FROM admin_unit WHERE id = $1`, [unitId]);
    return row?.ids ?? [];
  }

  /** The path (root first) of each unit, in no particular order. */
  async pathsOf(unitIds: number[]): Promise<number[][]> {
    if (unitIds.length === 0) return [];
    const rows: { ids: number[] }[] = await this.db.query(`SELECT string_to_array(path::text, '.')::int[] AS ids FROM admin_unit WHERE id = ANY($1::int[])`, [unitIds]);
    return rows.map((r) => r.ids);
  }

  /** Serialises recomputations of one unit's month (held to the end of the transaction). */
  async lock(m: EntityManager, unitId: number, periodDate: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock($1::int, (extract(year FROM $2::date) * 12 + extract(month FROM $2::date))::int)`, [unitId, periodDate]);
  }

  /**
   * Takes the mark that something below this unit changed this month (see
   * the rollup_pending migration). False when there was none: another
   * recompute took it after the change below had committed.
   */
  async takePending(m: EntityManager, unitId: number, periodDate: string): Promise<boolean> {
    // as a SELECT: TypeORM answers a bare DELETE … RETURNING with [rows, count]
    const [{ n }] = await m.query(`WITH taken AS (DELETE FROM rollup_pending WHERE unit_id = $1 AND period = $2::date RETURNING 1) SELECT count(*)::int AS n FROM taken`, [
      unitId,
      periodDate,
    ]);
    return n > 0;
  }

  /** Marks a unit's month to be recomputed (in the transaction that changed a child's rollup). */
  async markPending(m: EntityManager, unitId: number, periodDate: string): Promise<void> {
    await m.query(`INSERT INTO rollup_pending (unit_id, period) VALUES ($1, $2::date) ON CONFLICT (unit_id, period) DO NOTHING`, [unitId, periodDate]);
  }

  /** Marks older than the given age: left by a job that died for good between two levels. */
  async stalePending(olderThanSeconds: number, limit: number): Promise<{ unitId: number; period: string }[]> {
    const rows: { unit_id: number; period: string }[] = await this.db.query(
      `SELECT unit_id, to_char(period, 'YYYY-MM') AS period FROM rollup_pending WHERE marked_at < clock_timestamp() - make_interval(secs => $1) ORDER BY marked_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => ({ unitId: Number(r.unit_id), period: r.period }));
  }

  /** Recomputes one unit's rollup (both bases, every indicator) and completeness from its own report and its children's rollups. */
  async recomputeUnit(m: EntityManager, unitId: number, periodDate: string): Promise<void> {
    await m.query(
      `WITH kids AS (
         SELECT c.id FROM admin_unit c WHERE c.parent_id = $1 AND ${VALID('c', '$2')}
       ), total AS (
         SELECT basis, indicator, sum(value)::bigint AS value FROM (
           SELECT b.basis, v.indicator, v.value
             FROM report r JOIN report_value v ON v.report_id = r.id JOIN ${BASES} ON ${COUNTS_ON_BASIS}
            WHERE r.unit_id = $1 AND r.period = $2::date
           UNION ALL
           SELECT rv.basis, rv.indicator, rv.value FROM rollup_value rv JOIN kids ON kids.id = rv.unit_id WHERE rv.period = $2::date
         ) x GROUP BY basis, indicator
       ), removed AS (
         DELETE FROM rollup_value t WHERE t.unit_id = $1 AND t.period = $2::date
            AND NOT EXISTS (SELECT 1 FROM total WHERE total.basis = t.basis AND total.indicator = t.indicator)
       )
       INSERT INTO rollup_value (unit_id, period, basis, indicator, value)
       SELECT $1, $2::date, basis, indicator, value FROM total
       ON CONFLICT (unit_id, period, basis, indicator) DO UPDATE SET value = EXCLUDED.value WHERE rollup_value.value <> EXCLUDED.value`,
      [unitId, periodDate],
    );
    await m.query(
      `INSERT INTO rollup_completeness (unit_id, period, expected, submitted, approved, on_time, computed_at)
       SELECT u.id, $2::date,
              (SELECT count(*) FROM admin_unit c WHERE c.path <@ u.path AND ${VALID('c', '$2')}),
              own.submitted + coalesce(k.submitted, 0), own.approved + coalesce(k.approved, 0), own.on_time + coalesce(k.on_time, 0),
              clock_timestamp()
         FROM admin_unit u
        CROSS JOIN LATERAL (
          SELECT count(*) FILTER (WHERE r.status IN ${sqlList(HANDED_IN_STATUSES)}) AS submitted,
                 count(*) FILTER (WHERE r.status IN ${sqlList(DONE_STATUSES)}) AS approved,
                 count(*) FILTER (WHERE r.status IN ${sqlList(HANDED_IN_STATUSES)} AND NOT r.late) AS on_time
            FROM report r WHERE r.unit_id = $1 AND r.period = $2::date) own
        CROSS JOIN LATERAL (
          SELECT sum(rc.submitted) AS submitted, sum(rc.approved) AS approved, sum(rc.on_time) AS on_time
            FROM rollup_completeness rc JOIN admin_unit c ON c.id = rc.unit_id
           WHERE c.parent_id = $1 AND ${VALID('c', '$2')} AND rc.period = $2::date) k
        WHERE u.id = $1
       ON CONFLICT (unit_id, period) DO UPDATE SET expected = EXCLUDED.expected, submitted = EXCLUDED.submitted,
              approved = EXCLUDED.approved, on_time = EXCLUDED.on_time, computed_at = EXCLUDED.computed_at`,
      [unitId, periodDate],
    );
  }

  /** Rollup values recomputed from the raw reports for every unit in scope (the root's subtree, or everything). */
  private expectedValuesSql(scoped: boolean): string {
    return `
      SELECT a.unit_id, b.basis, v.indicator, sum(v.value)::bigint AS value
        FROM report r
        JOIN admin_unit u ON u.id = r.unit_id ${scoped ? 'AND u.path <@ $2::ltree' : ''}
        JOIN report_value v ON v.report_id = r.id
        JOIN ${BASES} ON ${COUNTS_ON_BASIS}
       CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')::int[]) AS a(unit_id)
       WHERE r.period = $1::date
       GROUP BY a.unit_id, b.basis, v.indicator`;
  }

  private expectedCompletenessSql(scoped: boolean): string {
    return `
      WITH units AS (
        SELECT u.id, u.path FROM admin_unit u WHERE ${VALID('u', '$1')} ${scoped ? 'AND u.path <@ $2::ltree' : ''}
      ), expected AS (
        SELECT a.unit_id, count(*) AS expected FROM units u CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')::int[]) AS a(unit_id) GROUP BY a.unit_id
      ), done AS (
        SELECT a.unit_id,
               count(*) FILTER (WHERE r.status IN ${sqlList(HANDED_IN_STATUSES)}) AS submitted,
               count(*) FILTER (WHERE r.status IN ${sqlList(DONE_STATUSES)}) AS approved,
               count(*) FILTER (WHERE r.status IN ${sqlList(HANDED_IN_STATUSES)} AND NOT r.late) AS on_time
          FROM report r JOIN units u ON u.id = r.unit_id
         CROSS JOIN LATERAL unnest(string_to_array(u.path::text, '.')::int[]) AS a(unit_id)
         WHERE r.period = $1::date
         GROUP BY a.unit_id
      )
      SELECT e.unit_id, e.expected, coalesce(d.submitted, 0) AS submitted, coalesce(d.approved, 0) AS approved, coalesce(d.on_time, 0) AS on_time
        FROM expected e LEFT JOIN done d USING (unit_id)`;
  }

  /**
   * Every difference between the rollups and a full recompute from the raw
   * reports: values on both bases, and completeness (a unit without a
   * completeness row must have nothing submitted).
   */
  async differences(periodDate: string, rootPath: string | null, limit = 1000): Promise<{ total: number; sample: RollupDifference[] }> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    const rows: (RollupDifference & { total: number })[] = await this.db.query(
      `WITH expected AS (${this.expectedValuesSql(scoped)}),
            actual AS (
              SELECT rv.unit_id, rv.basis, rv.indicator, rv.value FROM rollup_value rv
                JOIN admin_unit u ON u.id = rv.unit_id ${scoped ? 'AND u.path <@ $2::ltree' : ''}
               WHERE rv.period = $1::date),
            value_diffs AS (
              SELECT coalesce(e.unit_id, a.unit_id) AS unit_id, coalesce(e.basis, a.basis)::text AS basis,
                     coalesce(e.indicator, a.indicator) AS indicator, e.value AS expected, a.value AS actual
                FROM expected e FULL JOIN actual a USING (unit_id, basis, indicator)
               WHERE e.value IS DISTINCT FROM a.value),
            completeness AS (${this.expectedCompletenessSql(scoped)}),
            completeness_diffs AS (
              SELECT c.unit_id, 'COMPLETENESS' AS basis, k.counter AS indicator, k.expected, k.actual
                FROM completeness c LEFT JOIN rollup_completeness rc ON rc.unit_id = c.unit_id AND rc.period = $1::date
               CROSS JOIN LATERAL (VALUES
                 ('expected', c.expected, coalesce(rc.expected, c.expected)),
                 ('submitted', c.submitted, coalesce(rc.submitted, 0)),
                 ('approved', c.approved, coalesce(rc.approved, 0)),
                 ('onTime', c.on_time, coalesce(rc.on_time, 0))) AS k(counter, expected, actual)
               WHERE k.expected IS DISTINCT FROM k.actual),
            all_diffs AS (SELECT * FROM value_diffs UNION ALL SELECT * FROM completeness_diffs)
       SELECT d.unit_id AS "unitId", u.code AS "unitCode", d.basis, d.indicator, d.expected, d.actual, count(*) OVER () AS total
         FROM all_diffs d JOIN admin_unit u ON u.id = d.unit_id
        ORDER BY u.code, u.depth, d.basis, d.indicator
        LIMIT ${Math.max(1, Math.floor(limit))}`,
      params,
    );
    return { total: rows[0]?.total ?? 0, sample: rows.map(({ total: _t, ...d }) => d) };
  }

  /** Replaces the rollups in scope with the full recompute (after `differences` found some). */
  async repair(periodDate: string, rootPath: string | null): Promise<void> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    await this.db.transaction(async (m) => {
      await m.query(
        `DELETE FROM rollup_value rv USING admin_unit u WHERE rv.unit_id = u.id AND rv.period = $1::date ${scoped ? 'AND u.path <@ $2::ltree' : ''}`,
        params,
      );
      await m.query(`INSERT INTO rollup_value (unit_id, period, basis, indicator, value) SELECT unit_id, $1::date, basis, indicator, value FROM (${this.expectedValuesSql(scoped)}) e`, params);
      await m.query(
        `INSERT INTO rollup_completeness (unit_id, period, expected, submitted, approved, on_time)
         SELECT c.unit_id, $1::date, c.expected, c.submitted, c.approved, c.on_time FROM (${this.expectedCompletenessSql(scoped)}) c
          WHERE c.submitted > 0 OR EXISTS (SELECT 1 FROM rollup_completeness rc WHERE rc.unit_id = c.unit_id AND rc.period = $1::date)
         ON CONFLICT (unit_id, period) DO UPDATE SET expected = EXCLUDED.expected, submitted = EXCLUDED.submitted,
                approved = EXCLUDED.approved, on_time = EXCLUDED.on_time, computed_at = clock_timestamp()`,
        params,
      );
    });
  }

  /** Months that have any report (the nightly verifier checks the latest ones). */
  async recentPeriods(limit: number): Promise<string[]> {
    const rows: { p: string }[] = await this.db.query(`SELECT DISTINCT to_char(period, 'YYYY-MM') AS p FROM report ORDER BY 1 DESC LIMIT $1`, [limit]);
    return rows.map((r) => r.p);
  }

  // ---- reads ----

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
              coalesce(rc.expected, (SELECT count(*) FROM admin_unit c WHERE c.path <@ u.path AND ${VALID('c', '$2')}))::int AS expected,
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
        WHERE c.parent_id = $1 AND ${VALID('c', '$2')} AND c.code > $3
          AND (r.status IS NULL OR r.status NOT IN ${sqlList(HANDED_IN_STATUSES)})
        ORDER BY c.code LIMIT $4`,
      [unitId, periodDate, afterCode, limit + 1],
    );
  }

  async countMissingChildren(unitId: number, periodDate: string): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*) AS n FROM admin_unit c LEFT JOIN report r ON r.unit_id = c.id AND r.period = $2::date
        WHERE c.parent_id = $1 AND ${VALID('c', '$2')} AND (r.status IS NULL OR r.status NOT IN ${sqlList(HANDED_IN_STATUSES)})`,
      [unitId, periodDate],
    );
    return row.n;
  }
}
