import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The child registry (一人一档, domain.md §8).
 *
 * A file is a `child` row (identity, where the child lives now, exit) and
 * effective-dated spans beside it: residence (the village; a transfer closes
 * one span and opens the next), categories with their certification, risk
 * grades, the helper, guardians and the other facts (parents' situation,
 * health, disability, schooling, household registration, name). A span holds
 * over [valid_from, valid_to) and valid_to NULL means "still"; nothing is
 * overwritten, so "what did the file say on 2026-10-31" is one predicate:
 * valid_from <= d AND (valid_to IS NULL OR valid_to > d).
 *
 * Identifiers are encrypted (AES-256-GCM, the key id beside each value); the
 * ID number is found through a keyed hash (id_blind) and shown masked.
 * Every opening of a full file is appended to registry_access_log.
 * registry_count keeps the counts of months that were computed, per unit of
 * the tree (villages and every ancestor), kept current by each file change.
 */
export class Registry1765400000000 implements MigrationInterface {
  name = 'Registry1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE registry_category (
        code      text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,62}$'),
        name_zh   text NOT NULL,
        indicator text NOT NULL REFERENCES indicator (code)
      )`);
    await q.query(`
      INSERT INTO registry_category VALUES
        ('LEFT_BEHIND', '农村留守儿童', 'LEFT_BEHIND_CHILDREN'),
        ('IN_DIFFICULTY', '困境儿童', 'CHILDREN_IN_DIFFICULTY'),
        ('ORPHAN_SCATTERED', '社会散居孤儿', 'ORPHANS_SCATTERED'),
        ('ORPHAN_INSTITUTIONAL', '机构养育孤儿', 'ORPHANS_INSTITUTIONAL'),
        ('DEFACTO_UNSUPPORTED', '事实无人抚养儿童', 'DEFACTO_UNSUPPORTED')`);
    // reassessment and visit cadence per grade: data, not code
    await q.query(`
      CREATE TABLE registry_cadence (
        grade           text PRIMARY KEY CHECK (grade IN ('RED', 'ORANGE', 'YELLOW', 'GREEN')),
        reassess_months smallint NOT NULL CHECK (reassess_months BETWEEN 1 AND 24),
        visit_months    smallint NOT NULL CHECK (visit_months BETWEEN 1 AND 24),
        severity        smallint NOT NULL UNIQUE
      )`);
    await q.query(`INSERT INTO registry_cadence VALUES ('RED', 1, 1, 4), ('ORANGE', 2, 1, 3), ('YELLOW', 3, 2, 2), ('GREEN', 6, 3, 1)`);

    await q.query(`
      CREATE TABLE child (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id      integer NOT NULL REFERENCES admin_unit (id),
        name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        sex          char(1) NOT NULL CHECK (sex IN ('M', 'F')),
        birth_date   date NOT NULL,
        id_cipher    bytea,
        id_key_id    text,
        id_blind     bytea,
        id_masked    text,
        opened_on    date NOT NULL,
        exited_on    date CHECK (exited_on IS NULL OR exited_on >= opened_on),
        exit_reason  text CHECK (exit_reason IN ('TURNED_18', 'PARENTS_RETURNED', 'ADOPTED', 'MOVED_AWAY', 'DIED', 'NO_LONGER_ELIGIBLE')),
        version      integer NOT NULL DEFAULT 1,
        created_at   timestamptz NOT NULL DEFAULT now(),
        created_by   text NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT child_id_number_whole CHECK (
          (id_cipher IS NULL AND id_key_id IS NULL AND id_blind IS NULL AND id_masked IS NULL) OR
          (id_cipher IS NOT NULL AND id_key_id IS NOT NULL AND id_blind IS NOT NULL AND id_masked IS NOT NULL)),
        CONSTRAINT child_exit_whole CHECK ((exited_on IS NULL) = (exit_reason IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX child_id_blind ON child (id_blind)`);
    await q.query(`CREATE INDEX child_unit_name ON child (unit_id, name)`);
    await q.query(`CREATE INDEX child_name_trgm ON child USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX child_birth_date ON child (birth_date) WHERE exited_on IS NULL`);

    const span = `
        valid_from  date NOT NULL,
        valid_to    date CHECK (valid_to IS NULL OR valid_to > valid_from),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL`;
    await q.query(`
      CREATE TABLE child_residence (
        child_id uuid NOT NULL REFERENCES child (id),
        unit_id  integer NOT NULL REFERENCES admin_unit (id),
        reason   text,
        ${span},
        PRIMARY KEY (child_id, valid_from)
      )`);
    await q.query(`CREATE INDEX child_residence_unit ON child_residence (unit_id, valid_from) INCLUDE (child_id, valid_to)`);
    await q.query(`
      CREATE TABLE child_category (
        child_id     uuid NOT NULL REFERENCES child (id),
        category     text NOT NULL REFERENCES registry_category (code),
        status       text NOT NULL CHECK (status IN ('PENDING', 'CERTIFIED')),
        certified_on date,
        ${span},
        PRIMARY KEY (child_id, category, valid_from),
        CHECK (status <> 'CERTIFIED' OR certified_on IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE child_grade (
        child_id    uuid NOT NULL REFERENCES child (id),
        grade       text NOT NULL REFERENCES registry_cadence (grade),
        reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        assessed_by text NOT NULL CHECK (length(assessed_by) BETWEEN 1 AND 100),
        ${span},
        PRIMARY KEY (child_id, valid_from)
      )`);
    await q.query(`
      CREATE TABLE child_helper (
        child_id      uuid NOT NULL REFERENCES child (id),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        role          text NOT NULL CHECK (role IN ('CHILD_DIRECTOR', 'CHILD_SUPERVISOR', 'VILLAGE_CADRE', 'VOLUNTEER', 'OTHER')),
        phone_cipher  bytea,
        phone_key_id  text,
        ${span},
        PRIMARY KEY (child_id, valid_from),
        CHECK ((phone_cipher IS NULL) = (phone_key_id IS NULL))
      )`);
    await q.query(`
      CREATE TABLE child_guardian (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        child_id      uuid NOT NULL REFERENCES child (id),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
        relation      text NOT NULL CHECK (relation IN ('FATHER', 'MOTHER', 'GRANDPARENT', 'SIBLING', 'RELATIVE', 'ENTRUSTED', 'INSTITUTION', 'OTHER')),
        phone_cipher  bytea,
        phone_key_id  text,
        ${span},
        CHECK ((phone_cipher IS NULL) = (phone_key_id IS NULL))
      )`);
    await q.query(`CREATE INDEX child_guardian_child ON child_guardian (child_id, valid_from)`);
    await q.query(`
      CREATE TABLE child_fact (
        child_id uuid NOT NULL REFERENCES child (id),
        field    text NOT NULL CHECK (field IN ('NAME', 'HUKOU_PLACE', 'PARENTS_SITUATION', 'HEALTH', 'DISABILITY', 'SCHOOLING')),
        value    text NOT NULL CHECK (length(value) BETWEEN 1 AND 500),
        ${span},
        PRIMARY KEY (child_id, field, valid_from)
      )`);
    await q.query(`
      CREATE TABLE child_visit (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        child_id    uuid NOT NULL REFERENCES child (id),
        visited_on  date NOT NULL,
        visitor     text NOT NULL CHECK (length(visitor) BETWEEN 1 AND 50),
        kind        text NOT NULL CHECK (kind IN ('HOME', 'PHONE', 'SCHOOL', 'OTHER')),
        notes       text CHECK (length(notes) <= 2000),
        follow_up   text CHECK (length(follow_up) <= 2000),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        recorded_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX child_visit_child ON child_visit (child_id, visited_on)`);

    await q.query(`
      CREATE TABLE registry_access_log (
        id         bigserial PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'apiKey')),
        actor_id   text NOT NULL,
        actor      text NOT NULL,
        child_id   uuid NOT NULL REFERENCES child (id),
        unit_id    integer NOT NULL REFERENCES admin_unit (id),
        action     text NOT NULL CHECK (action ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        purpose    text NOT NULL,
        note       text CHECK (length(note) <= 500)
      )`);
    await q.query(`CREATE INDEX registry_access_log_child ON registry_access_log (child_id, at DESC)`);
    await q.query(`CREATE INDEX registry_access_log_unit ON registry_access_log (unit_id, at DESC)`);
    await q.query(`
      CREATE FUNCTION registry_access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'registry_access_log is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER registry_access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON registry_access_log
      FOR EACH STATEMENT EXECUTE FUNCTION registry_access_log_append_only()`);

    await q.query(`
      CREATE TABLE registry_count_month (
        period      date PRIMARY KEY CHECK (extract(day FROM period) = 1),
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE registry_count (
        -- no foreign keys: a month is rewritten as a whole (some 250,000 rows for a province), and
        -- each row would pay three trigger checks; the rows come from admin_unit and the catalogue
        period    date NOT NULL,
        unit_id   integer NOT NULL,
        indicator text NOT NULL,
        -- no CHECK (value >= 0): a change applies its delta with ON CONFLICT, which checks the delta row first
        value     bigint NOT NULL,
        PRIMARY KEY (period, unit_id, indicator)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['registry_count', 'registry_count_month', 'registry_access_log', 'child_visit', 'child_fact', 'child_guardian', 'child_helper', 'child_grade', 'child_category', 'child_residence', 'child', 'registry_cadence', 'registry_category']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP FUNCTION registry_access_log_append_only`);
  }
}
