import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrative tree. Each row is one unit as it existed over a span of
 * months [valid_from, valid_to]; a unit that is moved or recoded is retired
 * (valid_to set) and a new row takes its place (replaced_by_id points to it),
 * so reports filed against the old unit keep their meaning. Renames are kept
 * in admin_unit_change.
 *
 * A code is unique per level, not overall: a city with no counties and its
 * placeholder county share a 12-digit code (东莞市 4419 and 441900 are both
 * 441900000000), as do a county and its placeholder township (金门县 350527
 * and 350527000). A short code names its level by its length; a 12-digit
 * code names the shallowest unit that carries it. `path` holds the ids from the root down (an ltree), so
 * a subtree is one GiST-indexed lookup: path <@ '1.23.456'.
 */
export class AdminTree1764400000000 implements MigrationInterface {
  name = 'AdminTree1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree`);
    await q.query(`CREATE TYPE unit_level AS ENUM ('PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE')`);
    await q.query(`
      CREATE TABLE admin_unit (
        id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code           char(12)   NOT NULL CHECK (code ~ '^[0-9]{12}$'),
        name           text       NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        level          unit_level NOT NULL,
        depth          smallint   NOT NULL CHECK (depth BETWEEN 1 AND 5),
        parent_id      integer    REFERENCES admin_unit (id),
        path           ltree      NOT NULL,
        valid_from     date       NOT NULL DEFAULT DATE '1900-01-01' CHECK (extract(day FROM valid_from) = 1),
        valid_to       date       CHECK (valid_to IS NULL OR (extract(day FROM valid_to) = 1 AND valid_to >= valid_from)),
        replaced_by_id integer    REFERENCES admin_unit (id),
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT admin_unit_root_has_no_parent CHECK ((depth = 1) = (parent_id IS NULL)),
        CONSTRAINT admin_unit_level_matches_depth CHECK (
          depth = array_position(ARRAY['PROVINCE','CITY','COUNTY','TOWNSHIP','VILLAGE']::unit_level[], level)),
        CONSTRAINT admin_unit_path_depth CHECK (nlevel(path) = depth)
      )`);
    await q.query(`CREATE UNIQUE INDEX admin_unit_code_from ON admin_unit (code, depth, valid_from)`);
    // one current unit per code and level; earlier spans end before a later one
    // begins (the tree service changes spans under a row lock)
    await q.query(`CREATE UNIQUE INDEX admin_unit_code_current ON admin_unit (code, depth) WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX admin_unit_path ON admin_unit USING gist (path)`);
    await q.query(`CREATE INDEX admin_unit_parent ON admin_unit (parent_id, code)`);
    await q.query(`CREATE INDEX admin_unit_level_code ON admin_unit (level, code)`);
    await q.query(`
      CREATE TABLE admin_unit_change (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        unit_id    integer     NOT NULL REFERENCES admin_unit (id),
        kind       text        NOT NULL CHECK (kind IN ('RENAME', 'RETIRE', 'MOVE')),
        effective  date        NOT NULL,
        before     jsonb       NOT NULL,
        after      jsonb       NOT NULL,
        actor      text        NOT NULL,
        at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX admin_unit_change_unit ON admin_unit_change (unit_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_unit_change`);
    await q.query(`DROP TABLE admin_unit`);
    await q.query(`DROP TYPE unit_level`);
  }
}
