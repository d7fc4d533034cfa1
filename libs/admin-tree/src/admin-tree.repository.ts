import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UnitCodeKey } from '@carenet/core';
import type { AdminUnit, UnitLevel } from './admin-unit.js';
import { existedIn, existsNow } from './unit-validity.js';

const UNIT_COLUMNS = `
  u.id, u.code, u.name, u.level, u.depth, u.parent_id AS "parentId",
  string_to_array(u.path::text, '.')::int[] AS "pathIds",
  to_char(u.valid_from, 'YYYY-MM') AS "validFrom",
  to_char(u.valid_to, 'YYYY-MM') AS "validTo"`;

/** `asOf` for today's tree only: the units as they stand now (a retired one is not in it). */
export const NOW = 'now';

/** `asOf` (a first-of-month date) picks the units that existed that month; without it, the current ones. */
function validity(asOf: string | undefined, params: unknown[], alias = 'u'): string {
  if (asOf === undefined || asOf === NOW) return existsNow(alias);
  params.push(asOf);
  return existedIn(alias, `$${params.length}`);
}

/** Where a page ends: units are ordered by code, then depth (a city and its placeholder county share a code). */
export interface UnitPageKey {
  code: string;
  depth: number;
}

export interface UnitFilter {
  parentId?: number;
  level?: UnitLevel;
  nameContains?: string;
  /** Only units in the subtree of this path (ids joined by '.'), the root included. */
  withinPath?: string;
  asOf?: string;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function whereOf(filter: UnitFilter, params: unknown[]): string {
  const parts = [validity(filter.asOf, params)];
  if (filter.parentId !== undefined) {
    params.push(filter.parentId);
    parts.push(`u.parent_id = $${params.length}`);
  }
  if (filter.level !== undefined) {
    params.push(filter.level);
    parts.push(`u.level = $${params.length}::unit_level`);
  }
  if (filter.nameContains) {
    params.push(likePattern(filter.nameContains));
    parts.push(`u.name ILIKE $${params.length}`);
  }
  if (filter.withinPath !== undefined) {
    params.push(filter.withinPath);
    parts.push(`u.path <@ $${params.length}::ltree`);
  }
  return parts.join(' AND ');
}

/** Every SQL statement about the administrative tree. */
@Injectable()
export class AdminTreeRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The unit a code names: of the given depth, or the shallowest unit with the
   * code when depth is null; the latest version, the one valid at `asOf`, or
   * with `asOf` NOW the one standing now.
   */
  async findByCode(key: UnitCodeKey, asOf?: string, manager: EntityManager = this.db.manager): Promise<AdminUnit | undefined> {
    return (await this.findByCodes([key], asOf, manager))[0];
  }

  /** The unit each code names (as `findByCode`), in the order asked; one statement for a whole file of codes (as char(12), the column's type, so that its index is used). */
  async findByCodes(keys: UnitCodeKey[], asOf?: string, manager: EntityManager = this.db.manager): Promise<(AdminUnit | undefined)[]> {
    if (keys.length === 0) return [];
    const params: unknown[] = [keys.map((k) => k.code), keys.map((k) => k.depth)];
    const valid = asOf === undefined ? 'TRUE' : validity(asOf, params);
    const rows: (AdminUnit & { ord: number })[] = await manager.query(
      `SELECT k.ord::int AS ord, f.* FROM unnest($1::char(12)[], $2::int[]) WITH ORDINALITY AS k(code, depth, ord)
        CROSS JOIN LATERAL (
          SELECT ${UNIT_COLUMNS} FROM admin_unit u
           WHERE u.code = k.code AND ${valid} AND (k.depth IS NULL OR u.depth = k.depth)
           ORDER BY u.depth, u.valid_from DESC LIMIT 1) f`,
      params,
    );
    const out: (AdminUnit | undefined)[] = keys.map(() => undefined);
    for (const { ord, ...unit } of rows) out[ord - 1] = unit;
    return out;
  }

  async findByIds(ids: number[], manager: EntityManager = this.db.manager): Promise<AdminUnit[]> {
    if (ids.length === 0) return [];
    return manager.query(`SELECT ${UNIT_COLUMNS} FROM admin_unit u WHERE u.id = ANY($1::int[])`, [ids]);
  }

  /**
   * One page ordered by (code, depth) after the given key; asks for one more
   * row than `limit` to tell whether more follow.
   */
  async list(filter: UnitFilter, after: UnitPageKey | undefined, limit: number): Promise<AdminUnit[]> {
    const params: unknown[] = [];
    let where = whereOf(filter, params);
    if (after !== undefined) {
      params.push(after.code, after.depth);
      where += ` AND (u.code, u.depth) > ($${params.length - 1}, $${params.length})`;
    }
    params.push(limit + 1);
    return this.db.query(
      `SELECT ${UNIT_COLUMNS} FROM admin_unit u WHERE ${where} ORDER BY u.code, u.depth LIMIT $${params.length}`,
      params,
    );
  }

  async count(filter: UnitFilter): Promise<number> {
    const params: unknown[] = [];
    const [row] = await this.db.query(`SELECT count(*) AS n FROM admin_unit u WHERE ${whereOf(filter, params)}`, params);
    return row.n;
  }

  /** A page of children for each parent, in one statement (limit + 1 rows per parent). */
  async childrenOfMany(parentIds: number[], after: UnitPageKey | undefined, limit: number, asOf?: string): Promise<AdminUnit[]> {
    if (parentIds.length === 0) return [];
    // siblings are of one level, so their codes alone order them
    const params: unknown[] = [parentIds, after?.code ?? '', limit + 1];
    return this.db.query(
      `SELECT c.* FROM unnest($1::int[]) AS p(id)
       CROSS JOIN LATERAL (
         SELECT ${UNIT_COLUMNS} FROM admin_unit u
          WHERE u.parent_id = p.id AND u.code > $2 AND ${validity(asOf, params)}
          ORDER BY u.code LIMIT $3) c`,
      params,
    );
  }

  async countChildrenOfMany(parentIds: number[], asOf?: string): Promise<Map<number, number>> {
    if (parentIds.length === 0) return new Map();
    const params: unknown[] = [parentIds];
    const rows: { parentId: number; n: number }[] = await this.db.query(
      `SELECT u.parent_id AS "parentId", count(*) AS n FROM admin_unit u
        WHERE u.parent_id = ANY($1::int[]) AND ${validity(asOf, params)}
        GROUP BY u.parent_id`,
      params,
    );
    return new Map(rows.map((r) => [r.parentId, r.n]));
  }

  async countByLevel(withinPath?: string): Promise<Record<UnitLevel, number>> {
    const params: unknown[] = [];
    const where = whereOf({ withinPath }, params);
    const rows: { level: UnitLevel; n: number }[] = await this.db.query(
      `SELECT u.level, count(*) AS n FROM admin_unit u WHERE ${where} GROUP BY u.level`,
      params,
    );
    const out = { PROVINCE: 0, CITY: 0, COUNTY: 0, TOWNSHIP: 0, VILLAGE: 0 } as Record<UnitLevel, number>;
    for (const r of rows) out[r.level] = r.n;
    return out;
  }

  // ---- changes to the tree; each runs inside the caller's transaction ----

  async lockCurrent(manager: EntityManager, id: number): Promise<void> {
    await manager.query(`SELECT id FROM admin_unit WHERE id = $1 AND valid_to IS NULL FOR UPDATE`, [id]);
  }

  async rename(manager: EntityManager, id: number, name: string): Promise<void> {
    await manager.query(`UPDATE admin_unit SET name = $2, updated_at = now() WHERE id = $1`, [id, name]);
  }

  /** Ends the span of a unit and of every current unit below it at `lastMonth`; returns how many. */
  async retireSubtree(manager: EntityManager, rootId: number, lastMonth: string): Promise<number> {
    const [, affected] = await manager.query(
      `UPDATE admin_unit u SET valid_to = $2::date, updated_at = now()
         FROM admin_unit r
        WHERE r.id = $1 AND u.path <@ r.path AND u.valid_to IS NULL`,
      [rootId, lastMonth],
    );
    return affected;
  }

  /**
   * Re-parents a subtree from month `from`: the old rows end the month before
   * and point to their successors; new rows (same codes and names, new ids and
   * paths) begin at `from`. Set-based, one statement per level.
   */
  async moveSubtree(manager: EntityManager, rootId: number, newParentId: number, from: string, lastOld: string): Promise<number> {
    await manager.query(`CREATE TEMP TABLE unit_move_map (old_id int PRIMARY KEY, new_id int NOT NULL, depth smallint NOT NULL) ON COMMIT DROP`);
    await manager.query(
      `INSERT INTO unit_move_map (old_id, new_id, depth)
       SELECT u.id, nextval(pg_get_serial_sequence('admin_unit', 'id')), u.depth
         FROM admin_unit u JOIN admin_unit r ON r.id = $1
        WHERE u.path <@ r.path AND u.valid_to IS NULL
        ORDER BY u.depth, u.code`,
      [rootId],
    );
    await manager.query(
      `UPDATE admin_unit u SET valid_to = $1::date, updated_at = now() FROM unit_move_map m WHERE m.old_id = u.id`,
      [lastOld],
    );
    const [{ min, max, n }] = await manager.query(`SELECT min(depth) AS min, max(depth) AS max, count(*) AS n FROM unit_move_map`);
    for (let depth = min; depth <= max; depth++) {
      await manager.query(
        `INSERT INTO admin_unit (id, code, name, level, depth, parent_id, path, valid_from)
         OVERRIDING SYSTEM VALUE
         SELECT m.new_id, o.code, o.name, o.level, o.depth, np.id, np.path || m.new_id::text::ltree, $3::date
           FROM unit_move_map m
           JOIN admin_unit o ON o.id = m.old_id
           LEFT JOIN unit_move_map pm ON pm.old_id = o.parent_id
           JOIN admin_unit np ON np.id = CASE WHEN o.id = $1 THEN $2 ELSE pm.new_id END
          WHERE m.depth = $4`,
        [rootId, newParentId, from, depth],
      );
    }
    await manager.query(`UPDATE admin_unit u SET replaced_by_id = m.new_id FROM unit_move_map m WHERE m.old_id = u.id`);
    return n;
  }

  async recordChange(
    manager: EntityManager,
    change: { unitId: number; kind: 'RENAME' | 'RETIRE' | 'MOVE'; effective: string; before: object; after: object; actor: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO admin_unit_change (unit_id, kind, effective, before, after, actor) VALUES ($1, $2, $3::date, $4, $5, $6)`,
      [change.unitId, change.kind, change.effective, JSON.stringify(change.before), JSON.stringify(change.after), change.actor],
    );
  }

  async changesOf(unitId: number): Promise<{ kind: string; effective: string; before: object; after: object; actor: string }[]> {
    return this.db.query(
      `SELECT kind, to_char(effective, 'YYYY-MM') AS effective, before, after, actor
         FROM admin_unit_change WHERE unit_id = $1 ORDER BY at, id`,
      [unitId],
    );
  }
}
