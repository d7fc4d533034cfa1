import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { COUNTED_STATUSES, sqlList } from '@carenet/core';
import type { UnitLevel } from '@carenet/admin-tree';
import { HOLDS } from './children.repository.js';

type Q = DataSource | EntityManager;

/** The indicators the registry answers, in catalogue order. */
export const REGISTRY_INDICATORS = [
  'LEFT_BEHIND_CHILDREN',
  'CHILDREN_IN_DIFFICULTY',
  'ORPHANS_SCATTERED',
  'DEFACTO_UNSUPPORTED',
  'RISK_RED',
  'RISK_ORANGE',
  'RISK_YELLOW',
  'RISK_GREEN',
  'HOME_VISITS',
  'ORPHANS_INSTITUTIONAL',
] as const;

/** The last day of the month $1 (its first day): the day a month's counts are taken. */
const LAST_DAY = `($1::date + interval '1 month' - interval '1 day')::date`;

/**
 * The counts of files per village (unit_id, indicator, value) as of the last
 * day of the month $1 (its first day), for the villages `villages` selects
 * from the fact alias f (a predicate). What a file counts for, where and over
 * which days is the rule of the view registry_fact_source (migration
 * 1765450000001): a span row counts when it holds on the last day, an event
 * (a home visit) when its day is in the month. `source` is the table kept
 * from the view (registry_fact, what counts read) or the view itself (the
 * verifier, straight from the history rows).
 */
function villageCounts(villages: string, source: 'registry_fact' | 'registry_fact_source' = 'registry_fact'): string {
  return `
    SELECT f.unit_id, f.indicator, count(*)::bigint AS value
      FROM ${source} f
     WHERE (${villages})
       AND CASE WHEN f.event THEN f.valid_from BETWEEN $1::date AND ${LAST_DAY} ELSE ${HOLDS('f', LAST_DAY)} END
     GROUP BY f.unit_id, f.indicator`;
}

const SUBTREE = `f.unit_id IN (SELECT id FROM admin_unit WHERE path <@ $2::ltree AND depth = 5)`;

/** Counts from the files: computed, kept per month for every unit, and compared with reports. */
@Injectable()
export class RegistryCountsRepository {
  constructor(private readonly db: DataSource) {}

  /** Straight from the files: the subtree totals of a unit (path) for a month. */
  async fromFiles(periodDate: string, unitPath: string): Promise<Map<string, number>> {
    const rows: { indicator: string; value: string }[] = await this.db.transaction(async (m) => {
      await m.query(`SET LOCAL work_mem = '128MB'`);
      return m.query(`SELECT indicator, sum(value)::bigint AS value FROM (${villageCounts(SUBTREE)}) x GROUP BY indicator`, [periodDate, unitPath]);
    });
    return new Map(rows.map((r) => [r.indicator, Number(r.value)]));
  }

  async isKept(periodDate: string, q: Q = this.db): Promise<boolean> {
    const rows = await q.query(`SELECT 1 FROM registry_count_month WHERE period = $1`, [periodDate]);
    return rows.length > 0;
  }

  /** The kept totals of one unit for a month. */
  async kept(periodDate: string, unitId: number): Promise<Map<string, number>> {
    const rows: { indicator: string; value: string }[] = await this.db.query(
      `SELECT indicator, value FROM registry_count WHERE period = $1 AND unit_id = $2`,
      [periodDate, unitId],
    );
    return new Map(rows.map((r) => [r.indicator, Number(r.value)]));
  }

  /**
   * Recomputes and keeps a month for the whole tree, set-based: the counts of
   * every village, then each summed into the village and all its ancestors
   * (the ids on its ltree path). Returns the rows written.
   */
  async keepMonth(periodDate: string): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(1765400001, 0)`);
      // a province's village counts are ~200,000 groups: aggregate in memory rather than spill
      await m.query(`SET LOCAL work_mem = '128MB'`);
      await m.query(`SET LOCAL statement_timeout = 0`);
      await m.query(`INSERT INTO registry_count_month (period) VALUES ($1) ON CONFLICT (period) DO UPDATE SET computed_at = now()`, [periodDate]);
      await m.query(`DELETE FROM registry_count WHERE period = $1`, [periodDate]);
      const [row] = await m.query(
        `WITH ins AS (
           INSERT INTO registry_count (period, unit_id, indicator, value)
           SELECT $1::date, a.id, vc.indicator, sum(vc.value)
             FROM (${villageCounts('true')}) vc
             JOIN admin_unit v ON v.id = vc.unit_id
             CROSS JOIN LATERAL unnest(string_to_array(v.path::text, '.')::int[]) AS a(id)
            GROUP BY a.id, vc.indicator
           RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [periodDate],
      );
      return row.n as number;
    });
  }

  /**
   * After a change to these files of these villages (the caller holds the
   * villages' locks, in its transaction): the files' facts are rewritten, then
   * every kept month whose last day is on or after `fromDate` moves by the
   * difference between the villages' fresh counts and their kept ones,
   * applied to each village and all its ancestors.
   */
  async applyChange(q: EntityManager, childIds: string[], villageIds: number[], fromDate: string): Promise<void> {
    await this.refreshFacts(q, childIds);
    const months: { period: string }[] = await q.query(
      `SELECT to_char(period, 'YYYY-MM-DD') AS period FROM registry_count_month
        WHERE (period + interval '1 month' - interval '1 day')::date >= $1::date ORDER BY period`,
      [fromDate],
    );
    for (const { period } of months) {
      await q.query(
        `WITH fresh AS (${villageCounts('f.unit_id = ANY($2::int[])')}),
         old AS (SELECT unit_id, indicator, value FROM registry_count WHERE period = $1 AND unit_id = ANY($2::int[])),
         delta AS (
           SELECT coalesce(f.unit_id, o.unit_id) AS unit_id, coalesce(f.indicator, o.indicator) AS indicator,
                  coalesce(f.value, 0) - coalesce(o.value, 0) AS d
             FROM fresh f FULL JOIN old o ON o.unit_id = f.unit_id AND o.indicator = f.indicator
            WHERE coalesce(f.value, 0) <> coalesce(o.value, 0)),
         up AS (
           SELECT a.id AS unit_id, delta.indicator, sum(delta.d) AS d
             FROM delta JOIN admin_unit v ON v.id = delta.unit_id
             CROSS JOIN LATERAL unnest(string_to_array(v.path::text, '.')::int[]) AS a(id)
            GROUP BY a.id, delta.indicator)
         INSERT INTO registry_count (period, unit_id, indicator, value)
         SELECT $1::date, unit_id, indicator, d FROM up WHERE d <> 0 ORDER BY unit_id, indicator
         ON CONFLICT (period, unit_id, indicator) DO UPDATE SET value = registry_count.value + EXCLUDED.value`,
        [period, villageIds],
      );
    }
  }

  /** Rewrites the facts of these files from their history rows (registry_fact_source). */
  async refreshFacts(q: EntityManager, childIds: string[]): Promise<void> {
    await q.query(`DELETE FROM registry_fact WHERE child_id = ANY($1::uuid[])`, [childIds]);
    await q.query(`INSERT INTO registry_fact SELECT * FROM registry_fact_source WHERE child_id = ANY($1::uuid[])`, [childIds]);
  }

  /** Rewrites every file's facts, set-based (after files were written in bulk outside the service). */
  async rebuildFacts(): Promise<number> {
    return this.db.transaction(async (m) => {
      await m.query(`SET LOCAL statement_timeout = 0`);
      await m.query(`SET LOCAL work_mem = '128MB'`);
      await m.query(`LOCK TABLE registry_fact IN EXCLUSIVE MODE`);
      await m.query(`DELETE FROM registry_fact`);
      const [row] = await m.query(`WITH ins AS (INSERT INTO registry_fact SELECT * FROM registry_fact_source RETURNING 1) SELECT count(*)::int AS n FROM ins`);
      return row.n as number;
    });
  }

  /**
   * Kept counts that differ from a fresh recompute of the month from the
   * history rows themselves (the registry's own verifier: a stale fact shows).
   */
  async keptDifferences(periodDate: string, limit: number): Promise<{ unitCode: string; indicator: string; kept: number; files: number }[]> {
    const rows = await this.db.query(
      `WITH fresh AS (
         SELECT a.id AS unit_id, vc.indicator, sum(vc.value)::bigint AS value
           FROM (${villageCounts('true', 'registry_fact_source')}) vc JOIN admin_unit v ON v.id = vc.unit_id
           CROSS JOIN LATERAL unnest(string_to_array(v.path::text, '.')::int[]) AS a(id)
          GROUP BY a.id, vc.indicator),
       kept AS (SELECT unit_id, indicator, value FROM registry_count WHERE period = $1)
       SELECT u.code AS "unitCode", coalesce(f.indicator, k.indicator) AS indicator, coalesce(k.value, 0) AS kept, coalesce(f.value, 0) AS files
         FROM fresh f FULL JOIN kept k ON k.unit_id = f.unit_id AND k.indicator = f.indicator
         JOIN admin_unit u ON u.id = coalesce(f.unit_id, k.unit_id)
        WHERE coalesce(f.value, 0) <> coalesce(k.value, 0)
        ORDER BY u.path, 2 LIMIT $2`,
      [periodDate, limit],
    );
    return rows.map((r: any) => ({ ...r, kept: Number(r.kept), files: Number(r.files) }));
  }

  /**
   * Reports in a unit's subtree (submitted or approved, or any saved with
   * `includeDrafts`) whose figures differ from the registry's for the same
   * unit and month: the registry indicators entered at the report's level,
   * against the files of its subtree. One statement.
   */
  async reportDifferences(periodDate: string, unitPath: string, indicators: readonly string[], limit: number) {
    const rows = await this.db.query(
      `WITH vc AS (${villageCounts(SUBTREE)}),
       reports AS (
         SELECT r.id, r.unit_id, u.code, u.level, u.path, r.status
           FROM report r JOIN admin_unit u ON u.id = r.unit_id
          WHERE r.period = $1 AND u.path <@ $2::ltree AND r.status IN ${sqlList(COUNTED_STATUSES.PROVISIONAL)}),
       registry AS (
         SELECT rp.id AS report_id, vc.indicator, sum(vc.value)::bigint AS value
           FROM reports rp JOIN admin_unit v ON v.path <@ rp.path AND v.depth = 5 JOIN vc ON vc.unit_id = v.id
          GROUP BY rp.id, vc.indicator),
       wanted AS (
         SELECT rp.id AS report_id, rp.code, rp.status, i.code AS indicator
           FROM reports rp JOIN indicator i ON i.level = rp.level AND i.code = ANY($3::text[]))
       SELECT w.code AS "unitCode", w.status, w.indicator, coalesce(rv.value, 0) AS reported, coalesce(g.value, 0) AS registry
         FROM wanted w
         LEFT JOIN report_value rv ON rv.report_id = w.report_id AND rv.indicator = w.indicator
         LEFT JOIN registry g ON g.report_id = w.report_id AND g.indicator = w.indicator
        WHERE coalesce(rv.value, 0) <> coalesce(g.value, 0)
        ORDER BY w.code, w.indicator LIMIT $4`,
      [periodDate, unitPath, indicators, limit],
    );
    return rows.map((r: any) => ({ unitCode: r.unitCode as string, status: r.status as string, indicator: r.indicator as string, reported: Number(r.reported), registry: Number(r.registry) }));
  }

  /** The unit a report is for, and whether its county keeps files (a county that keeps none is not compared). */
  async reportUnit(unitId: number): Promise<{ id: number; code: string; name: string; level: UnitLevel; depth: number; pathIds: number[]; inUse: boolean } | undefined> {
    const [unit] = await this.db.query(
      `SELECT u.id, u.code, u.name, u.level, u.depth, string_to_array(u.path::text, '.')::int[] AS "pathIds",
              EXISTS (SELECT 1 FROM child c JOIN admin_unit v ON v.id = c.unit_id
                       WHERE v.path <@ (SELECT p.path FROM admin_unit p WHERE p.id = (string_to_array(u.path::text, '.')::int[])[least(3, u.depth)])) AS "inUse"
         FROM admin_unit u WHERE u.id = $1`,
      [unitId],
    );
    return unit;
  }

  /** The level each of these indicators is entered at. */
  async indicatorLevels(codes: readonly string[]): Promise<Map<string, string>> {
    const rows: { code: string; level: string }[] = await this.db.query(`SELECT code, level FROM indicator WHERE code = ANY($1::text[])`, [codes]);
    return new Map(rows.map((r) => [r.code, r.level]));
  }
}
