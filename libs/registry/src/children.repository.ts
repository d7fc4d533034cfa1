import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid, type UnitRef } from '@carenet/core';

type Q = DataSource | EntityManager;

/** The span predicate: holds on day $d. */
export const HOLDS = (a: string, d: string) => `${a}.valid_from <= ${d} AND (${a}.valid_to IS NULL OR ${a}.valid_to > ${d})`;

export interface ChildRow {
  id: string;
  unitId: number;
  name: string;
  sex: 'M' | 'F';
  /** YYYY-MM-01: the database keeps the month (domain.md §8). */
  birthMonth: string;
  /** The day, kept only for a child with no ID number; else it is read from the decrypted number. */
  birthDay: number | null;
  idCipher: Buffer | null;
  idKeyId: string | null;
  idNumberMasked: string | null;
  openedOn: string;
  exitedOn: string | null;
  exitReason: string | null;
  version: number;
  village: UnitRef;
}

export interface NewChild {
  unitId: number;
  name: string;
  sex: string;
  birthMonth: string;
  birthDay: number | null;
  idCipher: Buffer | null;
  idKeyId: string | null;
  idBlind: Buffer | null;
  idLast4: string | null;
  openedOn: string;
  createdBy: string;
}

/**
 * What every screen shows of an ID number: the last four characters
 * (**************1234). No more: the area code and the birth date would make
 * the number whole with what lists show beside it (domain.md §8).
 */
const MASKED_ID = `CASE WHEN c.id_last4 IS NOT NULL THEN repeat('*', 14) || c.id_last4 END`;

const CHILD_COLUMNS = `
  c.id, c.unit_id AS "unitId", c.name, c.sex, to_char(c.birth_month, 'YYYY-MM-DD') AS "birthMonth", c.birth_day AS "birthDay",
  c.id_cipher AS "idCipher", c.id_key_id AS "idKeyId", ${MASKED_ID} AS "idNumberMasked",
  to_char(c.opened_on, 'YYYY-MM-DD') AS "openedOn", to_char(c.exited_on, 'YYYY-MM-DD') AS "exitedOn", c.exit_reason AS "exitReason", c.version,
  json_build_object('id', v.id, 'code', v.code, 'depth', v.depth, 'pathIds', string_to_array(v.path::text, '.')::int[]) AS village`;

export const SUMMARY_COLUMNS = `
  c.id, c.name, c.sex, date_part('year', age(current_date, c.birth_month))::int AS age, ${MASKED_ID} AS "idNumberMasked",
  (c.id_blind IS NULL) AS "needsHouseholdRegistration", v.code AS "villageCode",
  (SELECT g.grade FROM child_grade g WHERE g.child_id = c.id AND g.valid_to IS NULL) AS grade,
  ARRAY(SELECT k.category FROM child_category k WHERE k.child_id = c.id AND k.valid_to IS NULL AND k.status = 'CERTIFIED' ORDER BY k.category) AS categories,
  to_char(c.opened_on, 'YYYY-MM-DD') AS "openedOn", to_char(c.exited_on, 'YYYY-MM-DD') AS "exitedOn"`;

/**
 * The name filter: a file's name contains the fragment (as typed, its %, _
 * and \ taken literally). The pairs of the fragment's characters are looked
 * up in the child_name_grams index; LIKE then checks their order. Returns the
 * predicate on child c and the two parameters it takes after `n` others.
 */
function nameContains(fragment: string, n: number): [string, string[]] {
  const pattern = `%${fragment.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return [`registry_name_grams(c.name) @> registry_name_search_grams($${n + 1}::text) AND c.name LIKE $${n + 2}`, [fragment, pattern]];
}

const SPAN = (a: string) => `to_char(${a}.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(${a}.valid_to, 'YYYY-MM-DD') AS "validTo", ${a}.recorded_at AS "recordedAt", ${a}.recorded_by AS "recordedBy"`;

/** Every statement on files: children, their spans, visits and the access log. */
@Injectable()
export class ChildrenRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async byId(id: string, q: Q = this.db, lock = false): Promise<ChildRow | undefined> {
    // a file that cannot exist is one that does not (NOT_FOUND, as one out of reach)
    if (!isUuid(id)) return undefined;
    const [row] = await q.query(`SELECT ${CHILD_COLUMNS} FROM child c JOIN admin_unit v ON v.id = c.unit_id WHERE c.id = $1 ${lock ? 'FOR UPDATE OF c' : ''}`, [id]);
    return row;
  }

  /** Files whose ID number has any of these blind indexes (one per configured key): id and village. */
  async byBlindIndex(hashes: Buffer[], q: Q = this.db): Promise<{ id: string; village: UnitRef }[]> {
    return q.query(
      `SELECT c.id, json_build_object('id', v.id, 'code', v.code, 'depth', v.depth, 'pathIds', string_to_array(v.path::text, '.')::int[]) AS village
         FROM child c JOIN admin_unit v ON v.id = c.unit_id WHERE c.id_blind = ANY($1::bytea[])`,
      [hashes],
    );
  }

  /** A village of the tree today (files live in villages). */
  async village(code: string, q: Q = this.db): Promise<(UnitRef & { name: string }) | undefined> {
    const [row] = await q.query(
      `SELECT id, code, name, depth, string_to_array(path::text, '.')::int[] AS "pathIds" FROM admin_unit WHERE code = $1 AND depth = 5 AND valid_to IS NULL`,
      [code],
    );
    return row;
  }

  /** Serialises changes to one village's files, so the kept counts move by exact deltas. */
  async lockVillages(q: EntityManager, villageIds: number[]): Promise<void> {
    for (const id of [...new Set(villageIds)].sort((a, b) => a - b)) await q.query(`SELECT pg_advisory_xact_lock(1765400000, $1)`, [id]);
  }

  /**
   * Still a village of today's tree, read under its lock: a tree change that
   * ended it committed while the caller waited, after moving the files it saw.
   */
  async villageStillCurrent(q: EntityManager, villageId: number): Promise<boolean> {
    const [row] = await q.query(`SELECT 1 FROM admin_unit WHERE id = $1 AND valid_to IS NULL`, [villageId]);
    return !!row;
  }

  async insertChild(q: EntityManager, c: NewChild): Promise<string> {
    const [row] = await q.query(
      `INSERT INTO child (unit_id, name, sex, birth_month, birth_day, id_cipher, id_key_id, id_blind, id_last4, opened_on, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
      [c.unitId, c.name, c.sex, c.birthMonth, c.birthDay, c.idCipher, c.idKeyId, c.idBlind, c.idLast4, c.openedOn, c.createdBy],
    );
    await q.query(`INSERT INTO child_residence (child_id, unit_id, reason, valid_from, recorded_by) VALUES ($1, $2, 'OPENED', $3, $4)`, [row.id, c.unitId, c.openedOn, c.createdBy]);
    return row.id;
  }

  async touch(q: EntityManager, childId: string, set: { name?: string; unitId?: number; exitedOn?: string | null; exitReason?: string | null } = {}): Promise<void> {
    await q.query(
      `UPDATE child SET version = version + 1, updated_at = now(),
              name = coalesce($2, name), unit_id = coalesce($3, unit_id),
              exited_on = CASE WHEN $4::boolean THEN $5::date ELSE exited_on END,
              exit_reason = CASE WHEN $4::boolean THEN $6 ELSE exit_reason END
        WHERE id = $1`,
      [childId, set.name ?? null, set.unitId ?? null, 'exitedOn' in set, set.exitedOn ?? null, set.exitReason ?? null],
    );
  }

  /**
   * Starts a new span of `table` for the child (and key) on `from`: the span
   * holding then is closed at `from` (or replaced when it began that day).
   * A change dated before the latest span's start is refused by the caller.
   */
  async latestSpanStart(q: Q, table: SpanTable, childId: string, key?: { column: string; value: string }): Promise<string | null> {
    const [row] = await q.query(
      `SELECT to_char(max(valid_from), 'YYYY-MM-DD') AS d FROM ${table} WHERE child_id = $1 ${key ? `AND ${key.column} = $2` : ''}`,
      key ? [childId, key.value] : [childId],
    );
    return row?.d ?? null;
  }

  async closeSpans(q: EntityManager, table: SpanTable, childId: string, from: string, key?: { column: string; value: string }): Promise<void> {
    const k = key ? `AND ${key.column} = $3` : '';
    const params = key ? [childId, from, key.value] : [childId, from];
    await q.query(`DELETE FROM ${table} WHERE child_id = $1 AND valid_from = $2 AND valid_to IS NULL ${k}`, params);
    await q.query(`UPDATE ${table} SET valid_to = $2 WHERE child_id = $1 AND valid_to IS NULL AND valid_from < $2 ${k}`, params);
  }

  async insertSpan(q: EntityManager, table: SpanTable, row: Record<string, unknown>): Promise<void> {
    const cols = Object.keys(row);
    await q.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
  }

  async insertVisit(q: EntityManager, v: { childId: string; visitedOn: string; visitor: string; kind: string; notes: string | null; followUp: string | null; recordedBy: string }): Promise<void> {
    await q.query(
      `INSERT INTO child_visit (child_id, visited_on, visitor, kind, notes, follow_up, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [v.childId, v.visitedOn, v.visitor, v.kind, v.notes, v.followUp, v.recordedBy],
    );
  }

  /** The whole history of a file: every span and visit, oldest first. */
  async history(childId: string, q: Q = this.db) {
    const [row] = await q.query(
      `SELECT
        coalesce((SELECT json_agg(x ORDER BY x."validFrom") FROM (SELECT g.grade, g.reason, g.assessed_by AS "assessedBy", ${SPAN('g')} FROM child_grade g WHERE g.child_id = $1) x), '[]') AS grades,
        coalesce((SELECT json_agg(x ORDER BY x.category, x."validFrom") FROM (SELECT k.category, k.status, to_char(k.certified_on, 'YYYY-MM-DD') AS "certifiedOn", ${SPAN('k')} FROM child_category k WHERE k.child_id = $1) x), '[]') AS categories,
        coalesce((SELECT json_agg(x ORDER BY x."validFrom") FROM (SELECT u.code AS "villageCode", u.name AS "villageName", r.reason, ${SPAN('r')} FROM child_residence r JOIN admin_unit u ON u.id = r.unit_id WHERE r.child_id = $1) x), '[]') AS residences,
        coalesce((SELECT json_agg(x ORDER BY x.field, x."validFrom") FROM (SELECT f.field, f.value, ${SPAN('f')} FROM child_fact f WHERE f.child_id = $1) x), '[]') AS facts,
        coalesce((SELECT json_agg(x ORDER BY x."validFrom") FROM (SELECT h.name, h.role, encode(h.phone_cipher, 'base64') AS "phoneCipher", h.phone_key_id AS "phoneKeyId", ${SPAN('h')} FROM child_helper h WHERE h.child_id = $1) x), '[]') AS helpers,
        coalesce((SELECT json_agg(x ORDER BY x."validFrom", x.id) FROM (SELECT gu.id, gu.name, gu.relation, encode(gu.phone_cipher, 'base64') AS "phoneCipher", gu.phone_key_id AS "phoneKeyId", ${SPAN('gu')} FROM child_guardian gu WHERE gu.child_id = $1) x), '[]') AS guardians,
        coalesce((SELECT json_agg(x ORDER BY x."visitedOn", x.id) FROM (SELECT vi.id, to_char(vi.visited_on, 'YYYY-MM-DD') AS "visitedOn", vi.visitor, vi.kind, vi.notes, vi.follow_up AS "followUp", vi.recorded_by AS "recordedBy" FROM child_visit vi WHERE vi.child_id = $1) x), '[]') AS visits`,
      [childId],
    );
    return row as {
      grades: any[];
      categories: any[];
      residences: any[];
      facts: any[];
      helpers: any[];
      guardians: any[];
      visits: any[];
    };
  }

  async logAccess(q: Q | undefined, e: { actorKind: string; actorId: string; actor: string; childIds: string[]; unitId: number; action: string; purpose: string; note: string | null }): Promise<void> {
    await (q ?? this.db).query(
      `INSERT INTO registry_access_log (actor_kind, actor_id, actor, child_id, unit_id, action, purpose, note)
       SELECT $1, $2, $3, c, $4, $5, $6, $7 FROM unnest($8::uuid[]) AS c`,
      [e.actorKind, e.actorId, e.actor, e.unitId, e.action, e.purpose, e.note, e.childIds],
    );
  }

  /** Look-ups of ID numbers (never the number): one row each, written outside any import's transaction so a rollback keeps them. */
  async logLookups(e: { actorKind: string; actorId: string; actor: string; kind: 'ID_LOOKUP' | 'DUPLICATE_CHECK'; unitId: number | null; found: { childId: string | null; found: boolean }[] }): Promise<void> {
    if (e.found.length === 0) return;
    await this.db.query(
      `INSERT INTO registry_lookup_log (actor_kind, actor_id, actor, kind, unit_id, child_id, found)
       SELECT $1, $2, $3, $4, $5, c, f FROM unnest($6::uuid[], $7::boolean[]) AS x(c, f)`,
      [e.actorKind, e.actorId, e.actor, e.kind, e.unitId, e.found.map((f) => f.childId), e.found.map((f) => f.found)],
    );
  }

  accessLog(childId: string, limit: number): Promise<{ at: Date; actor: string; action: string; purpose: string; note: string | null }[]> {
    return this.db.query(`SELECT at, actor, action, purpose, note FROM registry_access_log WHERE child_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, [childId, limit]);
  }

  /**
   * Files living (today) in the subtree of a unit, by name then id, keyset-paged.
   * `nameContains` matches anywhere in the name (LIKE, escaped).
   */
  async list(f: { unitPath: string; nameContains: string | null; status: 'OPEN' | 'CLOSED' | 'ALL'; limit: number; after?: { name: string; id: string } }) {
    const params: unknown[] = [f.unitPath, f.limit + 1];
    const where: string[] = [];
    if (f.nameContains) {
      const [predicate, values] = nameContains(f.nameContains, params.length);
      params.push(...values);
      where.push(predicate);
    }
    if (f.status === 'OPEN') where.push('c.exited_on IS NULL');
    if (f.status === 'CLOSED') where.push('c.exited_on IS NOT NULL');
    if (f.after) {
      params.push(f.after.name, f.after.id);
      where.push(`(c.name, c.id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    // the subtree's villages first, then the files of each village (OFFSET 0 keeps the subquery
    // per village, so a name is one probe of child_name_grams per village); left to itself the
    // planner may read every file of the country with the name's pair of characters first
    return this.db.query(
      `WITH v AS MATERIALIZED (SELECT id, code FROM admin_unit WHERE path <@ $1::ltree AND depth = 5)
       SELECT ${SUMMARY_COLUMNS}
         FROM v CROSS JOIN LATERAL (SELECT * FROM child c WHERE c.unit_id = v.id ${where.map((w) => `AND ${w}`).join(' ')} OFFSET 0) c
        ORDER BY c.name, c.id LIMIT $2`,
      params,
    );
  }

  async countList(f: { unitPath: string; nameContains: string | null; status: 'OPEN' | 'CLOSED' | 'ALL' }): Promise<number> {
    const params: unknown[] = [f.unitPath];
    let extra = '';
    if (f.nameContains) {
      const [predicate, values] = nameContains(f.nameContains, params.length);
      params.push(...values);
      extra += ` AND ${predicate}`;
    }
    if (f.status === 'OPEN') extra += ' AND c.exited_on IS NULL';
    if (f.status === 'CLOSED') extra += ' AND c.exited_on IS NOT NULL';
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM child c WHERE c.unit_id IN (SELECT id FROM admin_unit WHERE path <@ $1::ltree AND depth = 5) ${extra}`,
      params,
    );
    return row.n;
  }

  /** Every file living (today) in a subtree, with what holds today, for an export: identifiers still sealed. */
  exportRows(unitPath: string): Promise<Record<string, any>[]> {
    return this.db.query(
      `SELECT c.id, v.code AS "villageCode", c.name, c.sex, to_char(c.birth_month, 'YYYY-MM-DD') AS "birthMonth", c.birth_day AS "birthDay",
              c.id_cipher AS "idCipher", c.id_key_id AS "idKeyId",
              to_char(c.opened_on, 'YYYY-MM-DD') AS "openedOn", to_char(c.exited_on, 'YYYY-MM-DD') AS "exitedOn", c.exit_reason AS "exitReason",
              (SELECT g.grade FROM child_grade g WHERE g.child_id = c.id AND g.valid_to IS NULL) AS grade,
              (SELECT string_agg(k.category, ';' ORDER BY k.category) FROM child_category k WHERE k.child_id = c.id AND k.valid_to IS NULL AND k.status = 'CERTIFIED') AS categories,
              (SELECT h.name FROM child_helper h WHERE h.child_id = c.id AND h.valid_to IS NULL) AS "helperName"
         FROM child c JOIN admin_unit v ON v.id = c.unit_id
        WHERE c.unit_id IN (SELECT id FROM admin_unit WHERE path <@ $1::ltree AND depth = 5)
        ORDER BY v.code, c.name, c.id`,
      [unitPath],
    );
  }

  summariesByIds(ids: string[]) {
    return this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM child c JOIN admin_unit v ON v.id = c.unit_id WHERE c.id = ANY($1::uuid[]) ORDER BY c.name, c.id`, [ids]);
  }
}

export type SpanTable = 'child_grade' | 'child_category' | 'child_helper' | 'child_fact' | 'child_residence' | 'child_guardian';
