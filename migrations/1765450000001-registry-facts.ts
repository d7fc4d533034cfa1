import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What each file counts for, kept beside the files (issue 14): a month's
 * counts were joined from the history rows (residence × the file's opening ×
 * categories and grades, ~5 million rows for Guizhou) on every count, 13–24 s
 * for the province-month; from registry_fact they are one scan and GROUP BY.
 *
 * registry_fact_source is the rule, in one place: a file counts for an
 * indicator in a village over the days where its residence there, its being
 * open ([opened_on, exited_on)) and the certified category or the grade all
 * hold, so the row's span is their intersection (NULL valid_to: still); a
 * home visit counts once (event), in the village where the child lived that
 * day. registry_fact holds the view's rows; each change rewrites the rows of
 * the files it touched (RegistryCountsRepository.applyChange), and the
 * verifier (keptDifferences) counts from the view itself, so a kept row that
 * went stale shows as a difference.
 */
export class RegistryFacts1765450000001 implements MigrationInterface {
  name = 'RegistryFacts1765450000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW registry_fact_source AS
      SELECT child_id, unit_id, indicator, event, valid_from, valid_to FROM (
        SELECT r.child_id, r.unit_id, rc.indicator, false AS event,
               greatest(r.valid_from, c.opened_on, k.valid_from) AS valid_from,
               least(r.valid_to, c.exited_on, k.valid_to) AS valid_to
          FROM child_residence r JOIN child c ON c.id = r.child_id
          JOIN child_category k ON k.child_id = r.child_id AND k.status = 'CERTIFIED'
          JOIN registry_category rc ON rc.code = k.category
        UNION ALL
        SELECT r.child_id, r.unit_id, 'RISK_' || g.grade, false,
               greatest(r.valid_from, c.opened_on, g.valid_from),
               least(r.valid_to, c.exited_on, g.valid_to)
          FROM child_residence r JOIN child c ON c.id = r.child_id
          JOIN child_grade g ON g.child_id = r.child_id
      ) s
      -- least() passes over NULLs: a span with no end takes the others' earliest end, or none
      WHERE valid_to IS NULL OR valid_to > valid_from
      UNION ALL
      SELECT vi.child_id, r.unit_id, 'HOME_VISITS', true, vi.visited_on, vi.visited_on + 1
        FROM child_visit vi JOIN child_residence r ON r.child_id = vi.child_id
         AND r.valid_from <= vi.visited_on AND (r.valid_to IS NULL OR r.valid_to > vi.visited_on)
       WHERE vi.kind = 'HOME'`);
    await q.query(`
      CREATE TABLE registry_fact (
        -- no foreign keys: a file's rows are rewritten with each change (files are never deleted)
        child_id   uuid NOT NULL,
        unit_id    integer NOT NULL,
        indicator  text NOT NULL,
        event      boolean NOT NULL,
        valid_from date NOT NULL,
        valid_to   date
      )`);
    await q.query(`INSERT INTO registry_fact SELECT * FROM registry_fact_source`);
    await q.query(`CREATE INDEX registry_fact_child ON registry_fact (child_id)`);
    await q.query(`CREATE INDEX registry_fact_unit ON registry_fact (unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registry_fact`);
    await q.query(`DROP VIEW registry_fact_source`);
  }
}
