import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API keeps each token's user for a few seconds. Whatever changes who a
 * user or an API key is (disabled, roles, home unit, password; revoked,
 * quota) or the tree their scope is drawn from (paths, lineages) is announced
 * on the channel `carenet_actor_changed` when it commits, whoever wrote it, so
 * that every API process drops what it kept at once: `user:<id>`, `key:<id>`,
 * or `*` for a change of the tree. A sign-in (last_login_at) announces nothing.
 *
 * The statistics' answers the API keeps are versioned by the rollup rows' own
 * stamps and by `tree_version.n`, which each statement changing the tree (a
 * rare thing: imports and tree changes, never a rollup) moves on in its own
 * transaction: a rename or move shows in the next answer.
 */
export class RequestCaches1765800000000 implements MigrationInterface {
  name = 'RequestCaches1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('carenet_actor_changed', 'user:' || OLD.id); RETURN NULL; END $$`);
    await q.query(`
      CREATE TRIGGER app_user_changed AFTER UPDATE ON app_user FOR EACH ROW
        WHEN ((OLD.disabled_at, OLD.roles, OLD.unit_id, OLD.password_hash) IS DISTINCT FROM (NEW.disabled_at, NEW.roles, NEW.unit_id, NEW.password_hash))
        EXECUTE FUNCTION app_user_changed()`);
    await q.query(`CREATE TRIGGER app_user_deleted AFTER DELETE ON app_user FOR EACH ROW EXECUTE FUNCTION app_user_changed()`);
    await q.query(`
      CREATE FUNCTION api_key_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('carenet_actor_changed', 'key:' || OLD.id); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER api_key_changed AFTER UPDATE OR DELETE ON api_key FOR EACH ROW EXECUTE FUNCTION api_key_changed()`);
    await q.query(`CREATE TABLE tree_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), n bigint NOT NULL)`);
    await q.query(`INSERT INTO tree_version (n) VALUES (1)`);
    await q.query(`
      CREATE FUNCTION tree_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tree_version SET n = n + 1;
        PERFORM pg_notify('carenet_actor_changed', '*');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER admin_unit_changed AFTER INSERT OR UPDATE OR DELETE ON admin_unit FOR EACH STATEMENT EXECUTE FUNCTION tree_changed()`);
    await q.query(`CREATE TRIGGER admin_unit_lineage_changed AFTER INSERT OR UPDATE OR DELETE ON admin_unit_lineage FOR EACH STATEMENT EXECUTE FUNCTION tree_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER admin_unit_lineage_changed ON admin_unit_lineage`);
    await q.query(`DROP TRIGGER admin_unit_changed ON admin_unit`);
    await q.query(`DROP FUNCTION tree_changed()`);
    await q.query(`DROP TABLE tree_version`);
    await q.query(`DROP TRIGGER api_key_changed ON api_key`);
    await q.query(`DROP FUNCTION api_key_changed()`);
    await q.query(`DROP TRIGGER app_user_deleted ON app_user`);
    await q.query(`DROP TRIGGER app_user_changed ON app_user`);
    await q.query(`DROP FUNCTION app_user_changed()`);
  }
}
