import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DONE_STATUSES, HANDED_IN_STATUSES, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';
import { BASES, COUNTS_ON_BASIS } from './rollup-basis.js';

/**
 * The incremental rollup, set-based. A unit's rollup is its own report's
 * values plus the rollups of its children (as the tree stood that month),
 * recomputed a level at a time under a lock per unit and month, with marks
 * (rollup_pending) telling the level above that something below changed. The
 * verifier (RollupVerifierRepository) and the reads (RollupReadsRepository)
 * are next door.
 */
@Injectable()
export class RollupRepository {
  constructor(private readonly db: DataSource) {}

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
         SELECT c.parent_id AS unit_id, c.id FROM admin_unit c JOIN units ON units.id = c.parent_id WHERE ${existedIn('c', '$2')}
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
              (SELECT count(*) FROM admin_unit c WHERE c.path <@ u.path AND ${existedIn('c', '$2')}),
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
           WHERE c.parent_id = u.id AND ${existedIn('c', '$2')} AND rc.period = $2::date) k
        WHERE u.id = ANY($1::int[])
        ORDER BY u.id
       ON CONFLICT (unit_id, period) DO UPDATE SET expected = EXCLUDED.expected, submitted = EXCLUDED.submitted,
              approved = EXCLUDED.approved, on_time = EXCLUDED.on_time, computed_at = EXCLUDED.computed_at`,
      [ids, periodDate],
    );
  }
}
