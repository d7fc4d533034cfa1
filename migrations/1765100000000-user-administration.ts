import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What administering people needs of a user row: when they last signed in, whether they must
 * choose a new password at the next sign-in (after an administrator reset it), and when the
 * password was last changed.
 */
export class UserAdministration1765100000000 implements MigrationInterface {
  name = 'UserAdministration1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN last_login_at        timestamptz,
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at  timestamptz`);
    await q.query(`CREATE INDEX app_user_unit ON app_user (unit_id)`);
    await q.query(`CREATE INDEX api_key_unit ON api_key (unit_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_key_unit`);
    await q.query(`DROP INDEX app_user_unit`);
    await q.query(`ALTER TABLE app_user DROP COLUMN password_changed_at, DROP COLUMN must_change_password, DROP COLUMN last_login_at`);
  }
}
