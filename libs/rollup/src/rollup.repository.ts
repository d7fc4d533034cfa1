import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { COUNTED_STATUSES, DONE_STATUSES, HANDED_IN_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';

const BASES = `(VALUES ('APPROVED'::stats_basis), ('PROVISIONAL'::stats_basis)) AS b(basis)`;
/** Which reports count on which basis: APPROVED counts approved ones; PROVISIONAL also submitted ones. */
const COUNTS_ON_BASIS = `((b.basis = 'APPROVED' AND r.status IN ${sqlList(COUNTED_STATUSES.APPROVED)}) OR (b.basis = 'PROVISIONAL' AND r.status IN ${sqlList(COUNTED_STATUSES.PROVISIONAL)}))`;
const VALID = existedIn;
/** Memory for the verifier's hash tables over a whole month (SET LOCAL, its transaction only). */
const VERIFY_WORK_MEM = '256MB';

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
 * the verifier recomputes everything from the raw reports instead, level by
 * level, without reading the kept rollups.
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

  /**
   * Serialises recomputations of each unit's month (held to the end of the
   * transaction). Taken in unit order, so two transactions locking
   * overlapping sets never wait on each other in a cycle.
   */
  async lock(m: EntityManager, unitIds: number[], periodDate: string): Promise<void> {
    const ids = [...new Set(unitIds)].sort((a, b) => a - b);
    if (ids.length === 0) return;
    await m.query(
      `SELECT count(pg_advisory_xact_lock(u.id, (extract(year FROM $2::date) * 12 + extract(month FROM $2::date))::int))
         FROM unnest($1::int[]) WITH ORDINALITY AS u(id, n)`,
      [ids, periodDate],
    );
  }

  /**
   * Takes the marks that something below these units changed this month (see
   * the rollup_pending migration): the units that had one. A unit without:
   * another recompute took it after the change below had committed.
   *
   * The marks are locked in unit order before they are deleted: a mark being
   * written again by a transaction below (`markPending`) is taken only after
   * that transaction has committed, so the recompute that follows, in the
   * same transaction, sees its change.
   */
  async takePending(m: EntityManager, unitIds: number[], periodDate: string): Promise<Set<number>> {
    if (unitIds.length === 0) return new Set();
    // as a SELECT: TypeORM answers a bare DELETE … RETURNING with [rows, count]
    const rows: { unit_id: number }[] = await m.query(
      `WITH mine AS (
         SELECT unit_id FROM rollup_pending WHERE unit_id = ANY($1::int[]) AND period = $2::date ORDER BY unit_id FOR UPDATE
       ), taken AS (
         DELETE FROM rollup_pending p USING mine WHERE p.unit_id = mine.unit_id AND p.period = $2::date RETURNING p.unit_id
       )
       SELECT unit_id FROM taken`,
      [unitIds, periodDate],
    );
    return new Set(rows.map((r) => Number(r.unit_id)));
  }

  /**
   * Marks units' months to be recomputed, in the transaction that changed a
   * child's rollup, in unit order like the locks. A mark already there is
   * written again (its age kept for the sweep), not left alone: whoever takes
   * it then waits for this transaction's change to commit, where an untouched
   * mark could be taken, and the parent recomputed without this change, while
   * the change was still uncommitted, and this job, finding no mark, would stop.
   */
  async markPending(m: EntityManager, unitIds: number[], periodDate: string): Promise<void> {
    const ids = [...new Set(unitIds)].sort((a, b) => a - b);
    if (ids.length === 0) return;
    await m.query(
      `INSERT INTO rollup_pending (unit_id, period) SELECT u.id, $2::date FROM unnest($1::int[]) WITH ORDINALITY AS u(id, n) ORDER BY u.n
       ON CONFLICT (unit_id, period) DO UPDATE SET marked_at = rollup_pending.marked_at`,
      [ids, periodDate],
    );
  }

  /** Marks older than the given age: left by a job that died for good between two levels. */
  async stalePending(olderThanSeconds: number, limit: number): Promise<{ unitId: number; period: string }[]> {
    const rows: { unit_id: number; period: string }[] = await this.db.query(
      `SELECT unit_id, to_char(period, 'YYYY-MM') AS period FROM rollup_pending WHERE marked_at < clock_timestamp() - make_interval(secs => $1) ORDER BY marked_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => ({ unitId: Number(r.unit_id), period: r.period }));
  }

  /**
   * Recomputes units' rollups (both bases, every indicator) and completeness,
   * each from its own report and its children's rollups, in two statements
   * whatever the number of units. The units must not be each other's
   * ancestors (callers recompute one level at a time).
   */
  async recomputeUnits(m: EntityManager, unitIds: number[], periodDate: string): Promise<void> {
    const ids = [...new Set(unitIds)];
    if (ids.length === 0) return;
    await m.query(
      `WITH units AS (
         SELECT DISTINCT unnest($1::int[]) AS id
       ), kids AS (
         SELECT c.parent_id AS unit_id, c.id FROM admin_unit c JOIN units ON units.id = c.parent_id WHERE ${VALID('c', '$2')}
       ), total AS (
         SELECT unit_id, basis, indicator, sum(value)::bigint AS value FROM (
           SELECT r.unit_id, b.basis, v.indicator, v.value
             FROM report r JOIN units ON units.id = r.unit_id JOIN report_value v ON v.report_id = r.id JOIN ${BASES} ON ${COUNTS_ON_BASIS}
            WHERE r.period = $2::date
           UNION ALL
           SELECT kids.unit_id, rv.basis, rv.indicator, rv.value FROM rollup_value rv JOIN kids ON kids.id = rv.unit_id WHERE rv.period = $2::date
         ) x GROUP BY unit_id, basis, indicator
       ), removed AS (
         DELETE FROM rollup_value t USING units WHERE t.unit_id = units.id AND t.period = $2::date
            AND NOT EXISTS (SELECT 1 FROM total WHERE total.unit_id = t.unit_id AND total.basis = t.basis AND total.indicator = t.indicator)
       )
       INSERT INTO rollup_value (unit_id, period, basis, indicator, value)
       SELECT unit_id, $2::date, basis, indicator, value FROM total ORDER BY unit_id, basis, indicator
       ON CONFLICT (unit_id, period, basis, indicator) DO UPDATE SET value = EXCLUDED.value WHERE rollup_value.value <> EXCLUDED.value`,
      [ids, periodDate],
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
            FROM report r WHERE r.unit_id = u.id AND r.period = $2::date) own
        CROSS JOIN LATERAL (
          SELECT sum(rc.submitted) AS submitted, sum(rc.approved) AS approved, sum(rc.on_time) AS on_time
            FROM rollup_completeness rc JOIN admin_unit c ON c.id = rc.unit_id
           WHERE c.parent_id = u.id AND ${VALID('c', '$2')} AND rc.period = $2::date) k
        WHERE u.id = ANY($1::int[])
        ORDER BY u.id
       ON CONFLICT (unit_id, period) DO UPDATE SET expected = EXCLUDED.expected, submitted = EXCLUDED.submitted,
              approved = EXCLUDED.approved, on_time = EXCLUDED.on_time, computed_at = EXCLUDED.computed_at`,
      [ids, periodDate],
    );
  }

  /**
   * The verifier's independent recompute from the raw reports, level by level
   * on the tree as it stood that month, into two temporary tables (dropped at
   * the end of the transaction):
   *
   * - verify_total: for each unit above the villages, rows whose sum per
   *   (unit, basis, indicator) is its expected rollup: its own report's
   *   values, and the sums of its valid children's rows, each level grouped by
   *   parent from the level below (the villages' sums straight from their
   *   reports). A village's expected rollup is its own report, read where it
   *   is compared (`expectedValuesSql`), so the bulk of the month is read
   *   twice rather than copied.
   * - verify_count: completeness of every unit valid that month, the same way:
   *   itself and its own report, plus its valid children's counts.
   */
  private async recompute(m: EntityManager, periodDate: string, rootPath: string | null): Promise<void> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    const inScope = scoped ? 'AND u.path <@ $2::ltree' : '';
    // the month's sums need memory for their hash tables; local to this transaction
    await m.query(`SET LOCAL work_mem = '${VERIFY_WORK_MEM}'`);
    // one province's rollups are read by unit through the primary key, not by scanning the whole month
    await m.query(`SET LOCAL random_page_cost = 1.1`);
    // compiling the plans costs more than it saves on these set-based statements
    await m.query(`SET LOCAL jit = off`);
    await m.query(`CREATE TEMP TABLE verify_total (unit_id integer NOT NULL, depth smallint NOT NULL, basis stats_basis NOT NULL, indicator text NOT NULL, value bigint NOT NULL) ON COMMIT DROP`);
    await m.query(
      `INSERT INTO verify_total (unit_id, depth, basis, indicator, value)
       SELECT r.unit_id, u.depth, b.basis, v.indicator, v.value
         FROM report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth < 5 ${inScope}
         JOIN report_value v ON v.report_id = r.id JOIN ${BASES} ON ${COUNTS_ON_BASIS}
        WHERE r.period = $1::date`,
      params,
    );
    // the villages' reports summed per township and status first, then counted on each basis
    await m.query(
      `INSERT INTO verify_total (unit_id, depth, basis, indicator, value)
       SELECT r.parent_id, 4, b.basis, r.indicator, sum(r.value)
         FROM (SELECT u.parent_id, r.status, v.indicator, sum(v.value) AS value
                 FROM report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth = 5 AND ${VALID('u', '$1')} ${inScope}
                 JOIN report_value v ON v.report_id = r.id
                WHERE r.period = $1::date
                GROUP BY u.parent_id, r.status, v.indicator) r
         JOIN ${BASES} ON ${COUNTS_ON_BASIS}
        GROUP BY r.parent_id, b.basis, r.indicator`,
      params,
    );
    for (const depth of [4, 3, 2]) {
      await m.query(
        `INSERT INTO verify_total (unit_id, depth, basis, indicator, value)
         SELECT u.parent_id, ${depth - 1}, t.basis, t.indicator, sum(t.value)
           FROM verify_total t JOIN admin_unit u ON u.id = t.unit_id AND ${VALID('u', '$1')}
          WHERE t.depth = ${depth}
          GROUP BY u.parent_id, t.basis, t.indicator`,
        [periodDate],
      );
    }
    await m.query(
      `CREATE TEMP TABLE verify_count ON COMMIT DROP AS
       SELECT u.id AS unit_id, u.parent_id, u.depth, 1::bigint AS expected,
              count(r.id) FILTER (WHERE r.status IN ${sqlList(HANDED_IN_STATUSES)}) AS submitted,
              count(r.id) FILTER (WHERE r.status IN ${sqlList(DONE_STATUSES)}) AS approved,
              count(r.id) FILTER (WHERE r.status IN ${sqlList(HANDED_IN_STATUSES)} AND NOT r.late) AS on_time
         FROM admin_unit u LEFT JOIN report r ON r.unit_id = u.id AND r.period = $1::date
        WHERE ${VALID('u', '$1')} ${inScope}
        GROUP BY u.id`,
      params,
    );
    await m.query(`CREATE INDEX ON verify_count (unit_id)`);
    await m.query(`ANALYZE verify_count`);
    for (const depth of [5, 4, 3, 2]) {
      await m.query(
        `UPDATE verify_count p SET expected = p.expected + k.expected, submitted = p.submitted + k.submitted, approved = p.approved + k.approved, on_time = p.on_time + k.on_time
           FROM (SELECT parent_id, sum(expected) AS expected, sum(submitted) AS submitted, sum(approved) AS approved, sum(on_time) AS on_time
                   FROM verify_count WHERE depth = ${depth} GROUP BY parent_id) k
          WHERE p.unit_id = k.parent_id`,
      );
    }
    await m.query(`ANALYZE verify_total`);
  }

  /** Every unit's expected rollup values in scope (after `recompute`): the upper levels' sums, and the villages' own reports. */
  private expectedValuesSql(scoped: boolean): string {
    return `
      SELECT t.unit_id, t.basis, t.indicator, sum(t.value)::bigint AS value FROM verify_total t GROUP BY t.unit_id, t.basis, t.indicator
      UNION ALL
      SELECT r.unit_id, b.basis, v.indicator, v.value
        FROM report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth = 5 ${scoped ? 'AND u.path <@ $2::ltree' : ''}
        JOIN report_value v ON v.report_id = r.id JOIN ${BASES} ON ${COUNTS_ON_BASIS}
       WHERE r.period = $1::date`;
  }

  /** Rollup values that differ from the recompute: missing, extra or wrong (after `recompute`). */
  private valueDiffsSql(scoped: boolean): string {
    return `
      WITH expected AS (${this.expectedValuesSql(scoped)}),
           actual AS (
             SELECT rv.unit_id, rv.basis, rv.indicator, rv.value FROM rollup_value rv
               ${scoped ? 'JOIN admin_unit u ON u.id = rv.unit_id AND u.path <@ $2::ltree' : ''}
              WHERE rv.period = $1::date)
      SELECT coalesce(e.unit_id, a.unit_id) AS unit_id, coalesce(e.basis, a.basis) AS basis,
             coalesce(e.indicator, a.indicator) AS indicator, e.value AS expected, a.value AS actual
        FROM expected e FULL JOIN actual a ON a.unit_id = e.unit_id AND a.basis = e.basis AND a.indicator = e.indicator
       WHERE e.value IS DISTINCT FROM a.value`;
  }

  /** Completeness counters that differ from the recompute; a unit without a row must have nothing submitted (after `recompute`). */
  private completenessDiffsSql(): string {
    return `
      SELECT c.unit_id, 'COMPLETENESS' AS basis, k.counter AS indicator, k.expected, k.actual
        FROM verify_count c LEFT JOIN rollup_completeness rc ON rc.unit_id = c.unit_id AND rc.period = $1::date
       CROSS JOIN LATERAL (VALUES
         ('expected', c.expected, coalesce(rc.expected, c.expected)),
         ('submitted', c.submitted, coalesce(rc.submitted, 0)),
         ('approved', c.approved, coalesce(rc.approved, 0)),
         ('onTime', c.on_time, coalesce(rc.on_time, 0))) AS k(counter, expected, actual)
       WHERE k.expected IS DISTINCT FROM k.actual`;
  }

  /**
   * Every difference between the rollups and a full recompute from the raw
   * reports: values on both bases, and completeness (a unit without a
   * completeness row must have nothing submitted). One snapshot throughout.
   */
  async differences(periodDate: string, rootPath: string | null, limit = 1000): Promise<{ total: number; sample: RollupDifference[] }> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    return this.db.transaction('REPEATABLE READ', async (m) => {
      await this.recompute(m, periodDate, rootPath);
      const rows: (RollupDifference & { total: number })[] = await m.query(
        `WITH all_diffs AS (SELECT unit_id, basis::text, indicator, expected, actual FROM (${this.valueDiffsSql(scoped)}) v
                            UNION ALL ${this.completenessDiffsSql()})
         SELECT d.unit_id AS "unitId", u.code AS "unitCode", d.basis, d.indicator, d.expected, d.actual, count(*) OVER () AS total
           FROM all_diffs d JOIN admin_unit u ON u.id = d.unit_id
          ORDER BY u.code, u.depth, d.basis, d.indicator
          LIMIT ${Math.max(1, Math.floor(limit))}`,
        params,
      );
      return { total: rows[0]?.total ?? 0, sample: rows.map(({ total: _t, ...d }) => d) };
    });
  }

  /** Brings the rollups in scope to the full recompute: each value and completeness row that differs is set, added or removed. */
  async repair(periodDate: string, rootPath: string | null): Promise<void> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    await this.db.transaction(async (m) => {
      await this.recompute(m, periodDate, rootPath);
      await m.query(`CREATE TEMP TABLE verify_value_diff ON COMMIT DROP AS ${this.valueDiffsSql(scoped)}`, params);
      await m.query(
        `DELETE FROM rollup_value rv USING verify_value_diff d
          WHERE d.expected IS NULL AND rv.unit_id = d.unit_id AND rv.period = $1::date AND rv.basis = d.basis AND rv.indicator = d.indicator`,
        [periodDate],
      );
      await m.query(
        `INSERT INTO rollup_value (unit_id, period, basis, indicator, value)
         SELECT d.unit_id, $1::date, d.basis, d.indicator, d.expected FROM verify_value_diff d WHERE d.expected IS NOT NULL
         ON CONFLICT (unit_id, period, basis, indicator) DO UPDATE SET value = EXCLUDED.value`,
        [periodDate],
      );
      await m.query(
        `INSERT INTO rollup_completeness (unit_id, period, expected, submitted, approved, on_time)
         SELECT c.unit_id, $1::date, c.expected, c.submitted, c.approved, c.on_time FROM verify_count c
          WHERE c.unit_id IN (SELECT d.unit_id FROM (${this.completenessDiffsSql()}) d)
         ON CONFLICT (unit_id, period) DO UPDATE SET expected = EXCLUDED.expected, submitted = EXCLUDED.submitted,
                approved = EXCLUDED.approved, on_time = EXCLUDED.on_time, computed_at = clock_timestamp()`,
        [periodDate],
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
