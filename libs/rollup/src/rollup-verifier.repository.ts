import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { COUNTED_STATUSES, DONE_STATUSES, HANDED_IN_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';
import { BASES } from './rollup-basis.js';

/** Memory for the verifier's hash tables over a whole month (SET LOCAL, its transaction only). */
const VERIFY_WORK_MEM = '256MB';

/**
 * A fingerprint of a set of rollup values: how many, their sum, and the XOR
 * of each row's `valueHash`. Equal sets give equal fingerprints; a missing or
 * extra row changes the count, one wrong value the sum, and anything else
 * (values swapped between indicators, units or bases) the XOR, but for a
 * chance of 2^-64.
 */
interface Fingerprint {
  n: bigint;
  total: bigint;
  print: bigint;
}

/** A 64-bit hash of one rollup value: (unit, basis as 0 for APPROVED or 1 for PROVISIONAL, indicator, value), as SQL. */
function valueHash(unit: string, indicator: string, value: string, provisional: string): string {
  return `hashtextextended(${indicator}, hashint8extended(${value}, ${unit}) # ${provisional})`;
}

export interface RollupDifference {
  unitId: number;
  unitCode: string;
  basis: string;
  indicator: string;
  expected: number | null;
  actual: number | null;
}

/**
 * The rollup verifier: recomputes a month from the raw reports, level by
 * level, without reading the kept rollups, compares the two (fingerprints
 * first, rows only where they differ) and repairs what differs.
 */
@Injectable()
export class RollupVerifierRepository {
  constructor(private readonly db: DataSource) {}

  /** The verifier's settings, for the rest of the transaction `q` is in. */
  private async settings(q: { query: (sql: string) => Promise<unknown> }): Promise<void> {
    // the month's sums need memory for their hash tables; local to this transaction
    await q.query(`SET LOCAL work_mem = '${VERIFY_WORK_MEM}'`);
    // one province's rollups are read by unit through the primary key, not by scanning the whole month
    await q.query(`SET LOCAL random_page_cost = 1.1`);
    // compiling the plans costs more than it saves on these set-based statements
    await q.query(`SET LOCAL jit = off`);
  }

  /**
   * The verifier's independent recompute from the raw reports, level by level
   * on the tree as it stood that month, into temporary tables (dropped at the
   * end of the transaction):
   *
   * - verify_unit: every unit in scope with its parent, whether it existed
   *   that month, its report of the month (if any, and on which bases it
   *   counts) and, for the units that existed, its completeness: itself and
   *   its own report, plus its valid children's counts.
   * - verify_total: for each unit above the villages and each indicator, the
   *   sums of the reported values counting on each basis (NULL where none
   *   does: the basis has no value there). A township's complete rows are
   *   its own report and its valid villages, read in one statement on the
   *   tables themselves, which Postgres may share among parallel workers;
   *   the same statement gives the fingerprint (`valueHash`) of every
   *   village's expected rollup, which is its own report (the exact
   *   comparison reads them from the reports again). Each level above is its
   *   own rows plus its valid children's complete rows.
   *
   * Returns the villages' fingerprint.
   */
  private async recompute(m: EntityManager, periodDate: string, rootPath: string | null): Promise<Fingerprint> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    await this.settings(m);
    // a unit has at most one report a month: its own counts are 0 or 1
    await m.query(
      `CREATE TEMP TABLE verify_unit ON COMMIT DROP AS
       SELECT u.id AS unit_id, u.parent_id, u.depth, ${existedIn('u', '$1')} AS valid, r.id AS report_id,
              coalesce(r.status IN ${sqlList(COUNTED_STATUSES.APPROVED)}, false) AS on_approved,
              coalesce(r.status IN ${sqlList(COUNTED_STATUSES.PROVISIONAL)}, false) AS on_provisional,
              1::bigint AS expected,
              (CASE WHEN r.status IN ${sqlList(HANDED_IN_STATUSES)} THEN 1 ELSE 0 END)::bigint AS submitted,
              (CASE WHEN r.status IN ${sqlList(DONE_STATUSES)} THEN 1 ELSE 0 END)::bigint AS approved,
              (CASE WHEN r.status IN ${sqlList(HANDED_IN_STATUSES)} AND NOT r.late THEN 1 ELSE 0 END)::bigint AS on_time
         FROM admin_unit u LEFT JOIN report r ON r.unit_id = u.id AND r.period = $1::date
        ${scoped ? 'WHERE u.path <@ $2::ltree' : ''}`,
      params,
    );
    await m.query(`CREATE INDEX ON verify_unit (unit_id)`);
    await m.query(`ANALYZE verify_unit`);
    for (const depth of [5, 4, 3, 2]) {
      await m.query(
        `UPDATE verify_unit p SET expected = p.expected + k.expected, submitted = p.submitted + k.submitted, approved = p.approved + k.approved, on_time = p.on_time + k.on_time
           FROM (SELECT parent_id, sum(expected) AS expected, sum(submitted) AS submitted, sum(approved) AS approved, sum(on_time) AS on_time
                   FROM verify_unit WHERE depth = ${depth} AND valid GROUP BY parent_id) k
          WHERE p.unit_id = k.parent_id AND p.valid`,
      );
    }
    // The month's reported values (nearly all of them villages') read once, from the tables themselves so that
    // Postgres may share the statement among parallel workers (they cannot read temporary tables): each township's
    // complete rows, its own report and its valid villages, with the fingerprint of the villages' expected rollups.
    // A basis's sum is NULL where no reported value counts on it: summed up the levels, NULL where none below does.
    const onApproved = `r.status IN ${sqlList(COUNTED_STATUSES.APPROVED)}`;
    const onProvisional = `r.status IN ${sqlList(COUNTED_STATUSES.PROVISIONAL)}`;
    const inScope = scoped ? 'AND u.path <@ $2::ltree' : '';
    // the villages' reports joined to their units first, so that each value is matched once (joins in the order written);
    // a village value's fingerprint part in one aggregate each: `bases` is on how many bases it counts (0 for a township's own)
    await m.query(`SET LOCAL join_collapse_limit = 1`);
    await m.query(
      `CREATE TEMP TABLE verify_total ON COMMIT DROP AS
       SELECT x.township_id AS unit_id, 4::smallint AS depth, true AS complete, x.indicator,
              (sum(x.value) FILTER (WHERE x.a AND x.counts))::bigint AS sum_a, (sum(x.value) FILTER (WHERE x.p AND x.counts))::bigint AS sum_p,
              coalesce(sum(x.bases), 0) AS village_n,
              coalesce(sum(x.value * x.bases), 0) AS village_total,
              coalesce(bit_xor((CASE WHEN x.a THEN ${valueHash('x.unit_id', 'x.indicator', 'x.value', '0::int8')} ELSE 0 END)
                               # (CASE WHEN x.p THEN ${valueHash('x.unit_id', 'x.indicator', 'x.value', '1::int8')} ELSE 0 END)) FILTER (WHERE x.bases > 0), 0) AS village_print
         FROM (SELECT u.parent_id AS township_id, u.id AS unit_id, ${existedIn('u', '$1')} AS counts,
                      ${onApproved} AS a, ${onProvisional} AS p, (${onApproved})::int + (${onProvisional})::int AS bases, v.indicator, v.value
                 FROM report_value v
                 JOIN (report r JOIN admin_unit u ON u.id = r.unit_id AND u.depth = 5 ${inScope})
                   ON r.id = v.report_id AND r.period = $1::date AND (${onApproved} OR ${onProvisional})
               UNION ALL
               SELECT u.id, u.id, true, ${onApproved}, ${onProvisional}, 0, v.indicator, v.value
                 FROM admin_unit u
                 JOIN report r ON r.unit_id = u.id AND r.period = $1::date AND (${onApproved} OR ${onProvisional})
                 JOIN report_value v ON v.report_id = r.id
                WHERE u.depth = 4 ${inScope}) x
        GROUP BY x.township_id, x.indicator`,
      params,
    );
    await m.query(`RESET join_collapse_limit`);
    // as text: the driver reads int8 as a JS number, which cannot hold a 64-bit hash
    const [villages]: { n: string | null; total: string | null; print: string | null }[] = await m.query(
      `SELECT sum(village_n)::text AS n, sum(village_total)::text AS total, bit_xor(village_print)::text AS print FROM verify_total`,
    );
    // the own rows of the units above the townships
    await m.query(
      `INSERT INTO verify_total (unit_id, depth, complete, indicator, sum_a, sum_p)
       SELECT r.unit_id, r.depth, false, v.indicator, CASE WHEN r.on_approved THEN v.value END, CASE WHEN r.on_provisional THEN v.value END
         FROM verify_unit r JOIN report_value v ON v.report_id = r.report_id
        WHERE r.depth < 4 AND (r.on_approved OR r.on_provisional)`,
    );
    await m.query(`ANALYZE verify_total`);
    for (const depth of [3, 2, 1]) {
      await m.query(
        `INSERT INTO verify_total (unit_id, depth, complete, indicator, sum_a, sum_p)
         SELECT x.unit_id, ${depth}, true, x.indicator, sum(x.sum_a), sum(x.sum_p)
           FROM (SELECT t.unit_id, t.indicator, t.sum_a, t.sum_p FROM verify_total t WHERE t.depth = ${depth} AND NOT t.complete
                 UNION ALL
                 SELECT c.parent_id, t.indicator, t.sum_a, t.sum_p
                   FROM verify_total t JOIN verify_unit c ON c.unit_id = t.unit_id AND c.valid AND c.depth = ${depth + 1}
                  WHERE t.depth = ${depth + 1} AND t.complete) x
          GROUP BY x.unit_id, x.indicator`,
      );
    }
    return { n: BigInt(villages?.n ?? 0), total: BigInt(villages?.total ?? 0), print: BigInt(villages?.print ?? 0) };
  }

  /** The expected rollup values of the units above the villages (after `recompute`). */
  private upperExpectedSql(where = 'true'): string {
    return `SELECT t.unit_id, 'APPROVED'::stats_basis AS basis, t.indicator, t.sum_a AS value FROM verify_total t WHERE t.complete AND t.sum_a IS NOT NULL AND ${where}
            UNION ALL
            SELECT t.unit_id, 'PROVISIONAL'::stats_basis AS basis, t.indicator, t.sum_p AS value FROM verify_total t WHERE t.complete AND t.sum_p IS NOT NULL AND ${where}`;
  }

  /** The expected rollup values of the villages (after `recompute`): each one's own report, on the bases it counts on. */
  private villageExpectedSql(where = 'true'): string {
    return `SELECT r.unit_id, b.basis, v.indicator, v.value
              FROM verify_unit r JOIN report_value v ON v.report_id = r.report_id
              JOIN ${BASES} ON (b.basis = 'APPROVED' AND r.on_approved) OR (b.basis = 'PROVISIONAL' AND r.on_provisional)
             WHERE r.depth = 5 AND ${where}`;
  }

  /** The kept rollup values of the month in scope. */
  private actualSql(scoped: boolean, where = 'true'): string {
    return `SELECT rv.unit_id, rv.basis, rv.indicator, rv.value FROM rollup_value rv
              ${scoped ? 'JOIN admin_unit u ON u.id = rv.unit_id AND u.path <@ $2::ltree' : ''}
             WHERE rv.period = $1::date AND ${where}`;
  }

  /** A fingerprint of rollup value rows (unit_id, basis, indicator, value) given as SQL: whole (bucket 0) or per bucket of 256 unit ids. */
  private fingerprintOf(sql: string, bucketed: boolean): string {
    const isProvisional = `(CASE WHEN x.basis = 'PROVISIONAL' THEN 1 ELSE 0 END)::int8`;
    return `SELECT ${bucketed ? 'x.unit_id >> 8' : '0'} AS bucket, count(*) AS n, coalesce(sum(x.value), 0) AS total,
                   coalesce(bit_xor(${valueHash('x.unit_id', 'x.indicator', 'x.value', isProvisional)}), 0) AS print
              FROM (${sql}) x ${bucketed ? 'GROUP BY x.unit_id >> 8' : ''}`;
  }

  /** The whole fingerprint of rows given as SQL, read through `q`. */
  private async wholeFingerprint(q: { query: (sql: string, params?: unknown[]) => Promise<unknown> }, sql: string, params: unknown[]): Promise<Fingerprint> {
    // as text: the driver reads int8 as a JS number, which cannot hold a 64-bit hash
    const [row] = (await q.query(`SELECT n::text, total::text, print::text FROM (${this.fingerprintOf(sql, false)}) f`, params)) as { n: string; total: string; print: string }[];
    return { n: BigInt(row?.n ?? 0), total: BigInt(row?.total ?? 0), print: BigInt(row?.print ?? 0) };
  }

  /**
   * The whole fingerprint of the kept rollup values in scope, read on a
   * connection of its own in the verifier's snapshot (`snapshot`, exported by
   * its transaction), so that it runs beside the recompute, most of which is
   * statements on temporary tables that use one process.
   */
  private async keptFingerprintBeside(snapshot: string, periodDate: string, rootPath: string | null): Promise<Fingerprint> {
    if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot}`);
    const q = this.db.createQueryRunner();
    try {
      await q.connect();
      await q.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`);
      await q.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      await this.settings(q);
      const kept = await this.wholeFingerprint(q, this.actualSql(rootPath !== null), rootPath !== null ? [periodDate, rootPath] : [periodDate]);
      await q.query(`COMMIT`);
      return kept;
    } catch (e) {
      await q.query(`ROLLBACK`).catch(() => undefined);
      throw e;
    } finally {
      await q.release();
    }
  }

  /**
   * Per bucket of 256 unit ids, the fingerprints of the expected values (the
   * upper units' and the villages') and of the kept ones. Reading each side
   * with a plain aggregate is what keeps a national month within seconds: the
   * exact comparison of 16 M rows by (unit, basis, indicator) is a hash join
   * that spills.
   */
  private bucketFingerprintSql(scoped: boolean): string {
    const villages = `
      SELECT r.unit_id >> 8 AS bucket,
             count(*) FILTER (WHERE r.on_approved) + count(*) FILTER (WHERE r.on_provisional) AS n,
             coalesce(sum(v.value) FILTER (WHERE r.on_approved), 0) + coalesce(sum(v.value) FILTER (WHERE r.on_provisional), 0) AS total,
             coalesce(bit_xor(${valueHash('r.unit_id', 'v.indicator', 'v.value', '0::int8')}) FILTER (WHERE r.on_approved), 0)
               # coalesce(bit_xor(${valueHash('r.unit_id', 'v.indicator', 'v.value', '1::int8')}) FILTER (WHERE r.on_provisional), 0) AS print
        FROM verify_unit r JOIN report_value v ON v.report_id = r.report_id
       WHERE r.depth = 5 GROUP BY r.unit_id >> 8`;
    return `
      WITH expected AS (SELECT * FROM (${this.fingerprintOf(this.upperExpectedSql(), true)}) u UNION ALL ${villages}),
           actual AS (${this.fingerprintOf(this.actualSql(scoped), true)})
      SELECT coalesce(e.bucket, a.bucket) AS bucket, coalesce(e.n, 0) AS expected_n, coalesce(e.total, 0) AS expected_total, coalesce(e.print, 0) AS expected_print,
             coalesce(a.n, 0) AS actual_n, coalesce(a.total, 0) AS actual_total, coalesce(a.print, 0) AS actual_print
        FROM (SELECT bucket, sum(n) AS n, sum(total) AS total, bit_xor(print) AS print FROM expected GROUP BY bucket) e
        FULL JOIN actual a ON a.bucket = e.bucket`;
  }

  /**
   * Fills verify_value_diff with the rollup values that differ from the
   * recompute (after `recompute`, given the villages' fingerprint and the
   * kept values'): missing, extra or wrong. The fingerprints of the whole
   * scope first; when they differ, those of each bucket of 256 unit ids; then
   * the exact comparison by (unit, basis, indicator) of the buckets whose
   * fingerprints differ.
   */
  private async findValueDifferences(m: EntityManager, periodDate: string, rootPath: string | null, villages: Fingerprint, kept: Fingerprint): Promise<void> {
    const scoped = rootPath !== null;
    const params: unknown[] = scoped ? [periodDate, rootPath] : [periodDate];
    await m.query(`CREATE TEMP TABLE verify_value_diff (unit_id integer, basis stats_basis, indicator text, expected bigint, actual bigint) ON COMMIT DROP`);
    const upper = await this.wholeFingerprint(m, this.upperExpectedSql(), []);
    const agree = upper.n + villages.n === kept.n && upper.total + villages.total === kept.total && (upper.print ^ villages.print) === kept.print;
    if (agree) return;
    await m.query(
      `CREATE TEMP TABLE verify_suspect ON COMMIT DROP AS
       SELECT generate_series(s.bucket << 8, (s.bucket << 8) + 255) AS unit_id FROM (${this.bucketFingerprintSql(scoped)}) s
        WHERE (s.expected_n, s.expected_total, s.expected_print) IS DISTINCT FROM (s.actual_n, s.actual_total, s.actual_print)`,
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
                 FROM verify_unit c ${kept} WHERE c.valid) c
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
      const [{ snapshot }]: { snapshot: string }[] = await m.query(`SELECT pg_export_snapshot() AS snapshot`);
      const kept = this.keptFingerprintBeside(snapshot, periodDate, rootPath);
      kept.catch(() => undefined); // awaited below; a failure of the recompute first must not leave it unhandled
      const villages = await this.recompute(m, periodDate, rootPath);
      await this.findValueDifferences(m, periodDate, rootPath, villages, await kept);
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
      const villages = await this.recompute(m, periodDate, rootPath);
      const kept = await this.wholeFingerprint(m, this.actualSql(rootPath !== null), rootPath !== null ? [periodDate, rootPath] : [periodDate]);
      await this.findValueDifferences(m, periodDate, rootPath, villages, kept);
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
         SELECT c.unit_id, $1::date, c.expected, c.submitted, c.approved, c.on_time FROM verify_unit c
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
}
