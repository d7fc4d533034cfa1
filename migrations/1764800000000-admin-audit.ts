import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators' audit: every administrative action (users, API keys,
 * tree changes, the catalogue, queue operations) with who, when, where in the
 * tree (the unit that scopes who may read the entry) and what it changed.
 * Append-only, like the report audit.
 */
export class AdminAudit1764800000000 implements MigrationInterface {
  name = 'AdminAudit1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_audit (
        id        bigserial PRIMARY KEY,
        at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id  integer REFERENCES app_user (id),
        actor     text NOT NULL,
        action    text NOT NULL CHECK (action ~ '^[A-Z][A-Z0-9_]{1,63}$'),
        unit_id   integer REFERENCES admin_unit (id),
        target    text,
        details   jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(`CREATE INDEX admin_audit_unit_at ON admin_audit (unit_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX admin_audit_at ON admin_audit (at DESC, id DESC)`);
    await q.query(`
      CREATE FUNCTION admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'admin_audit is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON admin_audit
      FOR EACH STATEMENT EXECUTE FUNCTION admin_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_audit`);
    await q.query(`DROP FUNCTION admin_audit_append_only`);
  }
}
