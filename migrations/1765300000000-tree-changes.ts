import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tree changes as administrators make them (create, rename, move, merge,
 * split, retire), each effective from a month: the change itself with what it
 * touched (`tree_change`, with the ids of the unit rows it ended and began;
 * numbered into the sync feed like the approved figures), and the lineage
 * of units (`admin_unit_lineage`: which rows a row continues), so a series
 * crosses a merge or split.
 */
export class TreeChanges1765300000000 implements MigrationInterface {
  name = 'TreeChanges1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tree_change (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind       text NOT NULL CHECK (kind IN ('CREATE', 'RENAME', 'MOVE', 'MERGE', 'SPLIT', 'RETIRE')),
        effective  date NOT NULL CHECK (extract(day FROM effective) = 1),
        input      jsonb NOT NULL,
        summary    jsonb NOT NULL,
        unit_ids   integer[] NOT NULL,
        actor_id   integer REFERENCES app_user (id),
        actor      text NOT NULL,
        at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        seq        bigint
      )`);
    await q.query(`CREATE UNIQUE INDEX tree_change_seq ON tree_change (seq)`);
    await q.query(`CREATE INDEX tree_change_unnumbered ON tree_change (id) WHERE seq IS NULL`);
    await q.query(`
      CREATE TABLE admin_unit_lineage (
        predecessor_id integer NOT NULL REFERENCES admin_unit (id),
        successor_id   integer NOT NULL REFERENCES admin_unit (id),
        change_id      bigint REFERENCES tree_change (id),
        kind           text NOT NULL CHECK (kind IN ('RENAME', 'MOVE', 'MERGE', 'SPLIT')),
        PRIMARY KEY (predecessor_id, successor_id)
      )`);
    await q.query(`CREATE INDEX admin_unit_lineage_successor ON admin_unit_lineage (successor_id)`);
    // moves made before this table existed
    await q.query(`
      INSERT INTO admin_unit_lineage (predecessor_id, successor_id, kind)
      SELECT id, replaced_by_id, 'MOVE' FROM admin_unit WHERE replaced_by_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_unit_lineage`);
    await q.query(`DROP TABLE tree_change`);
  }
}
