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

  /**
   * The verifier's independent recompute from the raw reports, level by level
   * on the tree as it stood that month, into temporary tables (dropped at the
   * end of the transaction):
   *
   * - verify_report: the month's reports that count on some basis, with where
   *   their figures are summed: a village's into its township (when the
   *   village existed that month), any other unit's into itself.
   * - verify_total: for each unit above the villages, rows per report status
   *   whose sum per (unit, basis, indicator) is its expected rollup: its own
   *   report's values, and the sums of its valid children's rows, each level
   *   grouped by parent from the level below (the villages' sums straight from
   *   their reports). A village's expected rollup is its own report, read
   *   where it is compared (`villageExpectedSql`), so the bulk of the month is
   *   read rather than copied.
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
    await m.query(
      `CREATE TEMP TABLE verify_report ON COMMIT DROP AS
       SELECT r.id AS report_id, r.unit_id, u.depth, r.status,
              r.status IN ${sqlList(COUNTED_STATUSES.APPROVED)} AS on_approved, r.status IN ${sqlList(COUNTED_STATUSES.PROVISIONAL)} AS on_provisional,
              CASE WHEN u.depth < 5 THEN r.unit_id WHEN ${VALID('u', '$1')} THEN u.parent_id END AS sums_into
         FROM report r JOIN admin_unit u ON u.id = r.unit_id ${inScope}
        WHERE r.period = $1::date AND r.status IN ${sqlList([...new Set([...COUNTED_STATUSES.APPROVED, ...COUNTED_STATUSES.PROVISIONAL])])}`,
      params,
    );
    await m.query(`ANALYZE verify_report`);
    await m.query(`CREATE TEMP TABLE verify_total (unit_id integer NOT NULL, depth smallint NOT NULL, status report_status NOT NULL, indicator text NOT NULL, value bigint NOT NULL) ON COMMIT DROP`);
    // each upper unit's own report, and the villages' reports summed per township
    await m.query(
      `INSERT INTO verify_total (unit_id, depth, status, indicator, value)
       SELECT r.sums_into, least(r.depth, 4), r.status, v.indicator, sum(v.value)
         FROM verify_report r JOIN report_value v ON v.report_id = r.report_id
        WHERE r.sums_into IS NOT NULL
        GROUP BY r.sums_into, least(r.depth, 4), r.status, v.indicator`,
    );
    for (const depth of [4, 3, 2]) {
      await m.query(
        `INSERT INTO verify_total (unit_id, depth, status, indicator, value)
         SELECT u.parent_id, ${depth - 1}, t.status, t.indicator, sum(t.value)
           FROM verify_total t JOIN admin_unit u ON u.id = t.unit_id AND ${VALID('u', '$1')}
          WHERE t.depth = ${depth}
          GROUP BY u.parent_id, t.status, t.indicator`,
        [periodDate],
      );
    }
    await m.query(`ANALYZE verify_total`);
    // a unit has at most one report a month: its own counts are 0 or 1
    await m.query(
      `CREATE TEMP TABLE verify_count ON COMMIT DROP AS
       SELECT u.id AS unit_id, u.parent_id, u.depth, 1::bigint AS expected,
              (CASE WHEN r.status IN ${sqlList(HANDED_IN_STATUSES)} THEN 1 ELSE 0 END)::bigint AS submitted,
              (CASE WHEN r.status IN ${sqlList(DONE_STATUSES)} THEN 1 ELSE 0 END)::bigint AS approved,
              (CASE WHEN r.status IN ${sqlList(HANDED_IN_STATUSES)} AND NOT r.late THEN 1 ELSE 0 END)::bigint AS on_time
         FROM admin_unit u LEFT JOIN report r ON r.unit_id = u.id AND r.period = $1::date
        WHERE ${VALID('u', '$1')} ${inScope}`,
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
  }

  /** The expected rollup values of the units above the villages (after `recompute`), each status's sums counted on its bases. */
  private upperExpectedSql(where = 'true'): string {
    return `SELECT t.unit_id, b.basis, t.indicator, sum(t.value)::bigint AS value
              FROM verify_total t JOIN ${BASES} ON ${COUNTS_ON_BASIS.replaceAll('r.status', 't.status')}
             WHERE ${where}
             GROUP BY t.unit_id, b.basis, t.indicator`;
  }

  /** The expected rollup values of the villages (after `recompute`): each one's own report, on the bases it counts on. */
  private villageExpectedSql(where = 'true'): string {
    return `SELECT r.unit_id, b.basis, v.indicator, v.value
              FROM verify_report r JOIN report_value v ON v.report_id = r.report_id
              JOIN ${BASES} ON (b.basis = 'APPROVED' AND r.on_approved) OR (b.basis = 'PROVISIONAL' AND r.on_provisional)
             WHERE r.depth = 5 AND ${where}`;
  }

  /** The kept rollup values of the month in scope. */
  private actualSql(scoped: boolean, where = 'true'): string {
    return `SELECT rv.unit_id, rv.basis, rv.indicator, rv.value FROM rollup_value rv
              ${scoped ? 'JOIN admin_unit u ON u.id = rv.unit_id AND u.path <@ $2::ltree' : ''}
             WHERE rv.period = $1::date AND ${where}`;
  }

  /**
   * A fingerprint of each side's rollup values, whole or per bucket of 256
   * unit ids: how many, their sum, and the XOR of a 64-bit hash of each row's
   * (unit, basis, indicator, value). Equal sets give equal fingerprints; a
   * missing or extra row changes the count, one wrong value changes the sum,
   * and anything else (values swapped between indicators, units or bases)
   * changes the XOR but with a chance of 2^-64. Reading each side once with
   * a plain aggregate is what keeps a national month within seconds: the
   * exact comparison of 16 M rows by (unit, basis, indicator) is a hash join
   * that spills.
   */
  private fingerprintSql(scoped: boolean, bucketed: boolean): string {
    const hash = (unit: string, indicator: string, value: string, provisional: string) =>
      `hashtextextended(${indicator}, hashint8extended(${value}, ${unit}) # ${provisional})`;
    const group = (unit: string) => (bucketed ? `GROUP BY ${unit} >> 8` : '');
    const bucket = (unit: string) => (bucketed ? `${unit} >> 8` : '0');
    const isProvisional = (basis: string) => `(CASE WHEN ${basis} = 'PROVISIONAL' THEN 1 ELSE 0 END)::int8`;
    return `
      WITH upper AS (
             SELECT ${bucket('e.unit_id')} AS bucket, count(*) AS n, sum(e.value) AS total, bit_xor(${hash('e.unit_id', 'e.indicator', 'e.value', isProvisional('e.basis'))}) AS print
               FROM (${this.upperExpectedSql()}) e ${group('e.unit_id')}),
           villages AS (
             SELECT ${bucket('r.unit_id')} AS bucket,
                    count(*) FILTER (WHERE r.on_approved) + count(*) FILTER (WHERE r.on_provisional) AS n,
                    coalesce(sum(v.value) FILTER (WHERE r.on_approved), 0) + coalesce(sum(v.value) FILTER (WHERE r.on_provisional), 0) AS total,
                    coalesce(bit_xor(${hash('r.unit_id', 'v.indicator', 'v.value', '0::int8')}) FILTER (WHERE r.on_approved), 0)
                      # coalesce(bit_xor(${hash('r.unit_id', 'v.indicator', 'v.value', '1::int8')}) FILTER (WHERE r.on_provisional), 0) AS print
               FROM verify_report r JOIN report_value v ON v.report_id = r.report_id
              WHERE r.depth = 5 ${group('r.unit_id')}),
           actual AS (
             SELECT ${bucket('a.unit_id')} AS bucket, count(*) AS n, sum(a.value) AS total, bit_xor(${hash('a.unit_id', 'a.indicator', 'a.value', isProvisional('a.basis'))}) AS print
               FROM (${this.actualSql(scoped)}) a ${group('a.unit_id')}),
           expected AS (
             SELECT bucket, sum(n) AS n, sum(total) AS total, bit_xor(print) AS print
               FROM (SELECT * FROM upper UNION ALL SELECT * FROM villages) x GROUP BY bucket)
      SELECT coalesce(e.bucket, a.bucket) AS bucket
        FROM expected e FULL JOIN actual a ON a.bucket = e.bucket
       WHERE (coalesce(e.n, 0), coalesce(e.total, 0), coalesce(e.print, 0)) IS DISTINCT FROM (coalesce(a.n, 0), coalesce(a.total, 0), coalesce(a.print, 0))`;
  }

  /**
   * Fills verify_value_diff with the rollup values that differ from the
   * recompute (after `recompute`): missing, extra or wrong. The fingerprints
   * of the whole scope first; when they differ, those of each bucket of 256
   * unit ids; then the exact comparison by (unit, basis, indicator) of the
   * buckets whose fingerprints differ.
   */
  private async findValueDifferences(m: EntityManager, periodDate: string, rootPath: string | null): Promise<void> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    await m.query(`CREATE TEMP TABLE verify_value_diff (unit_id integer, basis stats_basis, indicator text, expected bigint, actual bigint) ON COMMIT DROP`);
    const whole: unknown[] = await m.query(this.fingerprintSql(scoped, false), params);
    if (whole.length > 0) {
      await m.query(
        `CREATE TEMP TABLE verify_suspect ON COMMIT DROP AS
         SELECT generate_series(s.bucket << 8, (s.bucket << 8) + 255) AS unit_id FROM (${this.fingerprintSql(scoped, true)}) s`,
        params,
      );
      await m.query(`ANALYZE verify_suspect`);
      const suspect = (unit: string) => `${unit} IN (SELECT unit_id FROM verify_suspect)`;
      await m.query(
        `INSERT INTO verify_value_diff (unit_id, basis, indicator, expected, actual)
         WITH expected AS (${this.upperExpectedSql(suspect('t.unit_id'))} UNION ALL ${this.villageExpectedSql(suspect('r.unit_id'))}),
              actual AS (${this.actualSql(scoped, suspect('rv.unit_id'))})
         SELECT coalesce(e.unit_id, a.unit_id), coalesce(e.basis, a.basis), coalesce(e.indicator, a.indicator), e.value, a.value
           FROM expected e FULL JOIN actual a ON a.unit_id = e.unit_id AND a.basis = e.basis AND a.indicator = e.indicator
          WHERE e.value IS DISTINCT FROM a.value`,
        params,
      );
    }
    await m.query(`ANALYZE verify_value_diff`);
  }

  /** Fills verify_count_diff with the completeness counters that differ from the recompute; a unit without a row must have nothing submitted (after `recompute`). */
  private async findCompletenessDifferences(m: EntityManager, periodDate: string, rootPath: string | null): Promise<void> {
    // a province reads its units' rows through the primary key, not the whole month's
    const kept = rootPath !== null
      ? `LEFT JOIN LATERAL (SELECT * FROM rollup_completeness rc WHERE rc.unit_id = c.unit_id AND rc.period = $1::date OFFSET 0) rc ON true`
      : `LEFT JOIN rollup_completeness rc ON rc.unit_id = c.unit_id AND rc.period = $1::date`;
    await m.query(
      `CREATE TEMP TABLE verify_count_diff ON COMMIT DROP AS
       SELECT c.unit_id, k.counter, k.expected, k.actual
         FROM (SELECT c.unit_id, c.expected, c.submitted, c.approved, c.on_time,
                      coalesce(rc.expected, c.expected) AS kept_expected, coalesce(rc.submitted, 0) AS kept_submitted,
                      coalesce(rc.approved, 0) AS kept_approved, coalesce(rc.on_time, 0) AS kept_on_time
                 FROM verify_count c ${kept}) c
        CROSS JOIN LATERAL (VALUES
          ('expected', c.expected, c.kept_expected),
          ('submitted', c.submitted, c.kept_submitted),
          ('approved', c.approved, c.kept_approved),
          ('onTime', c.on_time, c.kept_on_time)) AS k(counter, expected, actual)
        WHERE (c.expected, c.submitted, c.approved, c.on_time) IS DISTINCT FROM (c.kept_expected, c.kept_submitted, c.kept_approved, c.kept_on_time)
          AND k.expected IS DISTINCT FROM k.actual`,
      [periodDate],
    );
    await m.query(`ANALYZE verify_count_diff`);
  }

  /**
   * Every difference between the rollups and a full recompute from the raw
   * reports: values on both bases, and completeness (a unit without a
   * completeness row must have nothing submitted). One snapshot throughout.
   */
  async differences(periodDate: string, rootPath: string | null, limit = 1000): Promise<{ total: number; sample: RollupDifference[] }> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      await this.recompute(m, periodDate, rootPath);
      await this.findValueDifferences(m, periodDate, rootPath);
      await this.findCompletenessDifferences(m, periodDate, rootPath);
      const rows: (RollupDifference & { total: number })[] = await m.query(
        `WITH all_diffs AS (SELECT unit_id, basis::text, indicator, expected, actual FROM verify_value_diff
                            UNION ALL SELECT unit_id, 'COMPLETENESS', counter, expected, actual FROM verify_count_diff)
         SELECT d.unit_id AS "unitId", u.code AS "unitCode", d.basis, d.indicator, d.expected, d.actual, count(*) OVER () AS total
           FROM all_diffs d JOIN admin_unit u ON u.id = d.unit_id
          ORDER BY u.code, u.depth, d.basis, d.indicator
          LIMIT ${Math.max(1, Math.floor(limit))}`,
      );
      return { total: rows[0]?.total ?? 0, sample: rows.map(({ total: _t, ...d }) => d) };
    });
  }

  /** Brings the rollups in scope to the full recompute: each value and completeness row that differs is set, added or removed. */
  async repair(periodDate: string, rootPath: string | null): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.recompute(m, periodDate, rootPath);
      await this.findValueDifferences(m, periodDate, rootPath);
      await this.findCompletenessDifferences(m, periodDate, rootPath);
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
          WHERE c.unit_id IN (SELECT d.unit_id FROM verify_count_diff d)
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
