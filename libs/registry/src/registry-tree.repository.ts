import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RegistryCountsRepository } from './registry-counts.repository.js';

/** The advisory lock of a village's files (ChildrenRepository.lockVillages takes the same, one village at a time). */
const VILLAGE_LOCK = 1765400000;

/** A file open on day $2: not closed, or closed after it. */
const OPEN_ON = `(c.exited_on IS NULL OR c.exited_on > $2::date)`;

export interface FilesFollowed {
  fromCode: string;
  toCode: string;
  count: number;
}

/**
 * Files when the tree changes (in the tree change's transaction): a file
 * follows its village to the village's successor. Its keeper (child.unit_id,
 * which decides who reads and edits it) moves, and its residence from the
 * change's first day on is in the successor: a span that holds on that day
 * is closed there and continued in the successor, a later span is the
 * successor's; the days before stay in the old village (history kept). A
 * file closed before the change keeps its history and moves keeper only.
 * Set-based: one statement per step whatever the number of villages.
 */
@Injectable()
export class RegistryTreeRepository {
  constructor(private readonly counts: RegistryCountsRepository) {}

  /** Per village of `unitIds`, the files still living there on or after `effective` (open on that day). */
  async openFilesFrom(m: EntityManager, unitIds: number[], effective: string): Promise<{ code: string; count: number }[]> {
    if (unitIds.length === 0) return [];
    return m.query(
      `SELECT u.code, count(DISTINCT r.child_id)::int AS count
         FROM child_residence r JOIN child c ON c.id = r.child_id JOIN admin_unit u ON u.id = r.unit_id
        WHERE r.unit_id = ANY($1::int[]) AND (r.valid_to IS NULL OR r.valid_to > $2::date) AND ${OPEN_ON}
        GROUP BY u.code ORDER BY u.code`,
      [unitIds, effective],
    );
  }

  /**
   * Every file of a unit in `oldIds` follows it to the unit at the same place
   * in `newIds` from `effective` (its first day); the kept counts of the
   * months from then on move with them (old villages and their ancestors
   * down, new ones up). Returns, per old and new village, how many files.
   */
  async follow(m: EntityManager, oldIds: number[], newIds: number[], effective: string, reason: string, by: string): Promise<FilesFollowed[]> {
    if (oldIds.length === 0) return [];
    // file rows first, then the villages' locks: the order a single file's change takes them
    await m.query(
      `SELECT c.id FROM child c
        WHERE c.unit_id = ANY($1::int[])
           OR (${OPEN_ON} AND EXISTS (SELECT 1 FROM child_residence r WHERE r.child_id = c.id AND r.unit_id = ANY($1::int[]) AND (r.valid_to IS NULL OR r.valid_to > $2::date)))
        ORDER BY c.id FOR UPDATE`,
      [oldIds, effective],
    );
    await m.query(`SELECT pg_advisory_xact_lock(${VILLAGE_LOCK}, s.id) FROM (SELECT DISTINCT unnest($1::int[]) AS id ORDER BY 1) s`, [oldIds]);
    // every data-modifying part of a WITH runs to completion, read or not
    const spans: { childId: string; oldId: number; newId: number }[] = await m.query(
      `WITH map AS (SELECT * FROM unnest($1::int[], $3::int[]) AS f(old_id, new_id)),
       moving AS (
         SELECT r.child_id, r.valid_from, r.valid_to, f.old_id, f.new_id
           FROM child_residence r JOIN map f ON f.old_id = r.unit_id JOIN child c ON c.id = r.child_id
          WHERE (r.valid_to IS NULL OR r.valid_to > $2::date) AND ${OPEN_ON}),
       later AS (
         UPDATE child_residence r SET unit_id = mv.new_id FROM moving mv
          WHERE r.child_id = mv.child_id AND r.valid_from = mv.valid_from AND mv.valid_from >= $2::date RETURNING 1),
       closed AS (
         UPDATE child_residence r SET valid_to = $2::date FROM moving mv
          WHERE r.child_id = mv.child_id AND r.valid_from = mv.valid_from AND mv.valid_from < $2::date RETURNING 1),
       continued AS (
         INSERT INTO child_residence (child_id, unit_id, reason, valid_from, valid_to, recorded_by)
         SELECT child_id, new_id, $4, $2::date, valid_to, $5 FROM moving WHERE valid_from < $2::date RETURNING 1)
       SELECT child_id AS "childId", old_id AS "oldId", new_id AS "newId" FROM moving`,
      [oldIds, effective, newIds, reason, by],
    );
    const keepers: { childId: string; oldId: number; newId: number }[] = await m.query(
      `WITH map AS (SELECT * FROM unnest($1::int[], $2::int[]) AS f(old_id, new_id)),
       moved AS (
         UPDATE child c SET unit_id = f.new_id, version = c.version + 1, updated_at = now() FROM map f
          WHERE f.old_id = c.unit_id
         RETURNING c.id, f.old_id, f.new_id)
       SELECT id AS "childId", old_id AS "oldId", new_id AS "newId" FROM moved`,
      [oldIds, newIds],
    );
    const moved = new Map<string, { childId: string; oldId: number; newId: number }>();
    for (const r of [...spans, ...keepers]) moved.set(`${r.childId} ${r.oldId}`, r);
    if (moved.size === 0) return [];
    const rows = [...moved.values()];
    const childIds = [...new Set(rows.map((r) => r.childId))];
    const villageIds = [...new Set(rows.flatMap((r) => [r.oldId, r.newId]))];
    await this.counts.applyChange(m, childIds, villageIds, effective);
    return m.query(
      `SELECT o.code AS "fromCode", n.code AS "toCode", count(DISTINCT x.child_id)::int AS count
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS x(child_id, old_id, new_id)
         JOIN admin_unit o ON o.id = x.old_id JOIN admin_unit n ON n.id = x.new_id
        GROUP BY o.code, n.code ORDER BY o.code, n.code`,
      [rows.map((r) => r.childId), rows.map((r) => r.oldId), rows.map((r) => r.newId)],
    );
  }
}
