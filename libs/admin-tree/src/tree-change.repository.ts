import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface UnitBrief {
  code: string;
  name: string;
  level: string;
}

export interface CreatedUnit extends UnitBrief {
  id: number;
  parentCode: string | null;
}

export interface LineageRow {
  code: string;
  name: string;
  level: string;
  validFrom: string;
  validTo: string | null;
  kind: string;
}

/**
 * The SQL of tree changes. Everything runs in the caller's transaction, on two
 * temporary tables: `tc_succession` (each current row of a subtree that gets a
 * successor row from the change's month: old id, new id, new parent, new name)
 * and `tc_follow` (old unit → the unit its reports of later months, users and
 * API keys now belong to). Set-based: one statement per level, never per unit.
 */
@Injectable()
export class TreeChangeRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** One tree change at a time per province (held to the end of the transaction). */
  async lockProvince(m: EntityManager, provinceId: number): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('carenet.tree_change'), $1::int)`, [provinceId]);
  }

  async begin(m: EntityManager): Promise<void> {
    await m.query(`
      CREATE TEMP TABLE tc_succession (
        old_id int PRIMARY KEY, new_id int NOT NULL, depth smallint NOT NULL,
        is_root boolean NOT NULL, new_parent_id int, new_name text, kind text NOT NULL
      ) ON COMMIT DROP`);
    await m.query(`CREATE TEMP TABLE tc_follow (old_id int PRIMARY KEY, new_id int) ON COMMIT DROP`);
  }

  async currentChildren(m: EntityManager, parentId: number): Promise<{ id: number; code: string }[]> {
    return m.query(`SELECT id, code FROM admin_unit WHERE parent_id = $1 AND valid_to IS NULL ORDER BY code`, [parentId]);
  }

  /** The current subtree of `rootId` gets successors: the root under `newParentId` (named `newName` when given), the rest under their parents' successors. */
  async addSubtree(m: EntityManager, rootId: number, newParentId: number, newName: string | null, kind: string): Promise<void> {
    await m.query(
      `INSERT INTO tc_succession (old_id, new_id, depth, is_root, new_parent_id, new_name, kind)
       SELECT u.id, nextval(pg_get_serial_sequence('admin_unit', 'id')), u.depth, u.id = $1,
              CASE WHEN u.id = $1 THEN $2::int END, CASE WHEN u.id = $1 THEN $3::text END,
              CASE WHEN u.id = $1 THEN $4 ELSE 'MOVE' END
         FROM admin_unit u JOIN admin_unit r ON r.id = $1
        WHERE u.path <@ r.path AND u.valid_to IS NULL
        ORDER BY u.depth, u.code`,
      [rootId, newParentId, newName, kind],
    );
  }

  /** Codes of units to be ended whose span begins at or after `effective` (a span cannot end before it begins). */
  async beginningTooLate(m: EntityManager, effective: string, extraIds: number[]): Promise<{ code: string; validFrom: string }[]> {
    return m.query(
      `SELECT u.code, to_char(u.valid_from, 'YYYY-MM') AS "validFrom" FROM admin_unit u
        WHERE (u.id IN (SELECT old_id FROM tc_succession) OR u.id IN (SELECT old_id FROM tc_follow) OR u.id = ANY($2::int[]))
          AND u.valid_from >= $1::date AND u.valid_to IS NULL
        ORDER BY u.code LIMIT 5`,
      [effective, extraIds],
    );
  }

  /** Ends the succeeded rows the month before `effective` and adds their successors from `effective`, level by level. */
  async materialise(m: EntityManager, effective: string, lastOld: string): Promise<void> {
    const [{ min, max }] = await m.query(`SELECT min(depth) AS min, max(depth) AS max FROM tc_succession`);
    if (min === null) return;
    await m.query(`UPDATE admin_unit u SET valid_to = $1::date, updated_at = now() FROM tc_succession s WHERE s.old_id = u.id`, [lastOld]);
    for (let depth = min; depth <= max; depth++) {
      await m.query(
        `INSERT INTO admin_unit (id, code, name, level, depth, parent_id, path, valid_from)
         OVERRIDING SYSTEM VALUE
         SELECT s.new_id, o.code, coalesce(s.new_name, o.name), o.level, o.depth, np.id, np.path || s.new_id::text::ltree, $1::date
           FROM tc_succession s
           JOIN admin_unit o ON o.id = s.old_id
           LEFT JOIN tc_succession ps ON ps.old_id = o.parent_id
           JOIN admin_unit np ON np.id = CASE WHEN s.is_root THEN s.new_parent_id ELSE ps.new_id END
          WHERE s.depth = $2`,
        [effective, depth],
      );
    }
    await m.query(`UPDATE admin_unit u SET replaced_by_id = s.new_id FROM tc_succession s WHERE s.old_id = u.id`);
    await m.query(`INSERT INTO tc_follow (old_id, new_id) SELECT old_id, new_id FROM tc_succession ON CONFLICT (old_id) DO UPDATE SET new_id = EXCLUDED.new_id`);
  }

  async insertUnit(m: EntityManager, u: { code: string; name: string; parentId: number; effective: string }): Promise<number> {
    const [row] = await m.query(
      `WITH n AS (SELECT nextval(pg_get_serial_sequence('admin_unit', 'id'))::int AS id)
       INSERT INTO admin_unit (id, code, name, level, depth, parent_id, path, valid_from)
       OVERRIDING SYSTEM VALUE
       SELECT n.id, $1, $2, (ARRAY['PROVINCE','CITY','COUNTY','TOWNSHIP','VILLAGE']::unit_level[])[p.depth + 1], p.depth + 1, p.id,
              p.path || n.id::text::ltree, $4::date
         FROM admin_unit p CROSS JOIN n WHERE p.id = $3
       RETURNING id`,
      [u.code, u.name, u.parentId, u.effective],
    );
    return row.id;
  }

  /** A unit merged or split away: its later reports, users and keys go to `newId` (null: nowhere, it is retired). */
  async follow(m: EntityManager, oldId: number, newId: number | null): Promise<void> {
    await m.query(`INSERT INTO tc_follow (old_id, new_id) VALUES ($1, $2)`, [oldId, newId]);
  }

  /** Ends these units (not their subtrees) the month before the change. */
  async endUnits(m: EntityManager, ids: number[], lastOld: string): Promise<void> {
    await m.query(`UPDATE admin_unit SET valid_to = $2::date, updated_at = now() WHERE id = ANY($1::int[]) AND valid_to IS NULL`, [ids, lastOld]);
  }

  /** The current subtree of a unit is retired: every row of it follows nowhere. */
  async markRetired(m: EntityManager, rootId: number): Promise<void> {
    await m.query(
      `INSERT INTO tc_follow (old_id, new_id)
       SELECT u.id, NULL FROM admin_unit u JOIN admin_unit r ON r.id = $1 WHERE u.path <@ r.path AND u.valid_to IS NULL`,
      [rootId],
    );
  }

  /** The rows retired by this change (they follow nowhere). */
  async retiredIds(m: EntityManager): Promise<number[]> {
    const rows: { id: number }[] = await m.query(`SELECT old_id AS id FROM tc_follow WHERE new_id IS NULL ORDER BY old_id`);
    return rows.map((r) => r.id);
  }

  /** Every row this change ended with a successor, beside it (what is homed in the one now belongs to the other). */
  async followedIds(m: EntityManager): Promise<{ oldIds: number[]; newIds: number[] }> {
    const rows: { o: number; n: number }[] = await m.query(`SELECT old_id AS o, new_id AS n FROM tc_follow WHERE new_id IS NOT NULL ORDER BY old_id`);
    return { oldIds: rows.map((r) => r.o), newIds: rows.map((r) => r.n) };
  }

  /** Ends the rows marked retired the month before the change. */
  async endRetired(m: EntityManager, lastOld: string): Promise<void> {
    await m.query(
      `UPDATE admin_unit SET valid_to = $1::date, updated_at = now() WHERE id IN (SELECT old_id FROM tc_follow WHERE new_id IS NULL) AND valid_to IS NULL`,
      [lastOld],
    );
  }

  /** Reports of `effective` and later that would land on a unit and month that already has one (two merged units, or the target). */
  async reportClashes(m: EntityManager, effective: string): Promise<{ code: string; period: string }[]> {
    return m.query(
      `WITH moving AS (
         SELECT f.new_id, r.period FROM report r JOIN tc_follow f ON f.old_id = r.unit_id WHERE r.period >= $1::date AND f.new_id IS NOT NULL),
       clash AS (
         SELECT new_id, period FROM moving GROUP BY new_id, period HAVING count(*) > 1
         UNION
         SELECT mv.new_id, mv.period FROM moving mv JOIN report r ON r.unit_id = mv.new_id AND r.period = mv.period)
       SELECT u.code, to_char(c.period, 'YYYY-MM') AS period FROM clash c JOIN admin_unit u ON u.id = c.new_id ORDER BY 2, 1 LIMIT 10`,
      [effective],
    );
  }

  /** Reports of `effective` and later of units that are retired with no successor. */
  async orphanedReports(m: EntityManager, effective: string): Promise<{ code: string; period: string }[]> {
    return m.query(
      `SELECT u.code, to_char(r.period, 'YYYY-MM') AS period FROM report r JOIN tc_follow f ON f.old_id = r.unit_id JOIN admin_unit u ON u.id = r.unit_id
        WHERE f.new_id IS NULL AND r.period >= $1::date ORDER BY 2, 1 LIMIT 10`,
      [effective],
    );
  }

  /**
   * Everything homed in a followed unit moves to its successor: reports (and
   * their approved figures, renumbered into the sync feed) of `effective` and
   * later, overdue flags, users and API keys. A unit with no successor
   * (retired) disables its users and revokes its keys. The rollups of the old
   * rows from `effective` on are dropped (the queued recompute rebuilds them).
   */
  async repoint(m: EntityManager, effective: string): Promise<{
    reports: { period: string; count: number }[];
    users: { name: string; fromCode: string; toCode: string | null }[];
    apiKeys: { name: string; fromCode: string; toCode: string | null }[];
  }> {
    const reports = await m.query(
      `WITH moved AS (
         UPDATE report r SET unit_id = f.new_id, updated_at = now() FROM tc_follow f
          WHERE f.old_id = r.unit_id AND f.new_id IS NOT NULL AND r.period >= $1::date RETURNING r.period)
       SELECT to_char(period, 'YYYY-MM') AS period, count(*)::int AS count FROM moved GROUP BY period ORDER BY period`,
      [effective],
    );
    await m.query(
      `UPDATE approved_figure a SET unit_id = f.new_id, seq = NULL, changed_at = clock_timestamp() FROM tc_follow f
        WHERE f.old_id = a.unit_id AND f.new_id IS NOT NULL AND a.period >= $1::date`,
      [effective],
    );
    await m.query(
      `DELETE FROM overdue_notice o USING tc_follow f WHERE f.old_id = o.unit_id AND o.period >= $1::date
          AND (f.new_id IS NULL OR EXISTS (SELECT 1 FROM overdue_notice x WHERE x.unit_id = f.new_id AND x.period = o.period)
               OR EXISTS (SELECT 1 FROM overdue_notice y JOIN tc_follow g ON g.old_id = y.unit_id
                           WHERE g.new_id = f.new_id AND y.period = o.period AND y.unit_id < o.unit_id))`,
      [effective],
    );
    await m.query(`UPDATE overdue_notice o SET unit_id = f.new_id FROM tc_follow f WHERE f.old_id = o.unit_id AND o.period >= $1::date`, [effective]);
    const users = await m.query(
      `WITH moved AS (
         UPDATE app_user u SET unit_id = coalesce(f.new_id, u.unit_id),
                disabled_at = CASE WHEN f.new_id IS NULL THEN coalesce(u.disabled_at, now()) ELSE u.disabled_at END
           FROM tc_follow f WHERE f.old_id = u.unit_id RETURNING u.username, f.old_id, f.new_id)
       SELECT mv.username AS name, o.code AS "fromCode", n.code AS "toCode"
         FROM moved mv JOIN admin_unit o ON o.id = mv.old_id LEFT JOIN admin_unit n ON n.id = mv.new_id ORDER BY mv.username`,
    );
    const apiKeys = await m.query(
      `WITH moved AS (
         UPDATE api_key k SET unit_id = coalesce(f.new_id, k.unit_id),
                revoked_at = CASE WHEN f.new_id IS NULL THEN coalesce(k.revoked_at, now()) ELSE k.revoked_at END
           FROM tc_follow f WHERE f.old_id = k.unit_id RETURNING k.name, k.id, f.old_id, f.new_id)
       SELECT mv.name, o.code AS "fromCode", n.code AS "toCode"
         FROM moved mv JOIN admin_unit o ON o.id = mv.old_id LEFT JOIN admin_unit n ON n.id = mv.new_id ORDER BY mv.name, mv.id`,
    );
    await m.query(`DELETE FROM rollup_value v USING tc_follow f WHERE f.old_id = v.unit_id AND v.period >= $1::date`, [effective]);
    await m.query(`DELETE FROM rollup_completeness c USING tc_follow f WHERE f.old_id = c.unit_id AND c.period >= $1::date`, [effective]);
    return { reports, users, apiKeys };
  }

  /** Months from `effective` on whose rollups the change affects: any with rollups in the province, or with a report that moved. */
  async affectedMonths(m: EntityManager, provinceId: number, effective: string, movedMonths: string[]): Promise<string[]> {
    const rows: { p: string }[] = await m.query(
      `SELECT to_char(period, 'YYYY-MM') AS p FROM rollup_completeness WHERE unit_id = $1 AND period >= $2::date
       UNION SELECT unnest($3::text[]) ORDER BY 1`,
      [provinceId, effective, movedMonths],
    );
    return rows.map((r) => r.p);
  }

  /** Units ended by this change (every followed row) and units created (successors and new units), by code. */
  async touched(m: EntityManager, createdIds: number[]): Promise<{ ended: UnitBrief[]; created: CreatedUnit[] }> {
    const ended = await m.query(
      `SELECT u.code, u.name, u.level::text AS level FROM tc_follow f JOIN admin_unit u ON u.id = f.old_id ORDER BY u.depth, u.code`,
    );
    const created = await m.query(
      `SELECT u.id, u.code, u.name, u.level::text AS level, p.code AS "parentCode"
         FROM admin_unit u LEFT JOIN admin_unit p ON p.id = u.parent_id
        WHERE u.id IN (SELECT new_id FROM tc_succession) OR u.id = ANY($1::int[]) ORDER BY u.depth, u.code`,
      [createdIds],
    );
    return { ended, created };
  }

  /** Ids of every row the change ended or began. */
  async idsOfTouched(m: EntityManager, createdIds: number[]): Promise<number[]> {
    const rows: { id: number }[] = await m.query(
      `SELECT old_id AS id FROM tc_follow UNION SELECT new_id FROM tc_succession UNION SELECT unnest($1::int[]) ORDER BY 1`,
      [createdIds],
    );
    return rows.map((r) => r.id);
  }

  async recordChange(
    m: EntityManager,
    c: { kind: string; effective: string; input: object; summary: object; unitIds: number[]; actorId: number | null; actor: string },
  ): Promise<number> {
    const [row] = await m.query(
      `INSERT INTO tree_change (kind, effective, input, summary, unit_ids, actor_id, actor)
       VALUES ($1, $2::date, $3, $4, $5::int[], $6, $7) RETURNING id`,
      [c.kind, c.effective, JSON.stringify(c.input), JSON.stringify(c.summary), c.unitIds, c.actorId, c.actor],
    );
    return Number(row.id);
  }

  /** Lineage: every succeeded row continues as its successor; merged and split units continue as their targets. */
  async recordLineage(m: EntityManager, changeId: number, extra: { predecessorId: number; successorId: number; kind: string }[]): Promise<void> {
    await m.query(
      `INSERT INTO admin_unit_lineage (predecessor_id, successor_id, change_id, kind)
       SELECT old_id, new_id, $1::bigint, kind FROM tc_succession
       UNION ALL
       SELECT p, s, $1::bigint, k FROM unnest($2::int[], $3::int[], $4::text[]) AS x(p, s, k)
       ON CONFLICT DO NOTHING`,
      [changeId, extra.map((e) => e.predecessorId), extra.map((e) => e.successorId), extra.map((e) => e.kind)],
    );
  }

  // ---- reads ----

  /** The rows this row continues (direct predecessors), or that continue it (successors). */
  async lineage(unitIds: number[], direction: 'predecessors' | 'successors'): Promise<Map<number, LineageRow[]>> {
    if (unitIds.length === 0) return new Map();
    const [mine, other] = direction === 'predecessors' ? ['successor_id', 'predecessor_id'] : ['predecessor_id', 'successor_id'];
    const rows: (LineageRow & { forId: number })[] = await this.db.query(
      `SELECT l.${mine} AS "forId", u.code, u.name, u.level::text AS level, to_char(u.valid_from, 'YYYY-MM') AS "validFrom",
              to_char(u.valid_to, 'YYYY-MM') AS "validTo", l.kind
         FROM admin_unit_lineage l JOIN admin_unit u ON u.id = l.${other}
        WHERE l.${mine} = ANY($1::int[]) ORDER BY u.valid_from, u.code`,
      [unitIds],
    );
    const out = new Map<number, LineageRow[]>(unitIds.map((id) => [id, []]));
    for (const { forId, ...r } of rows) out.get(forId)?.push(r);
    return out;
  }
}
