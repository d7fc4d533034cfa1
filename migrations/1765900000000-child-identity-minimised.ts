import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A child's ID number cannot be rebuilt from what the database keeps in
 * plaintext (domain.md §8). The number is 6 digits of area, 8 of birth date,
 * 3 of sequence and a check character; the masked form kept until now (area
 * and last four) with the birth date beside it was the whole number.
 *
 * - `id_last4` replaces `id_masked`: the last four characters only (lists
 *   show `**************1234`).
 * - `birth_month` (the first of the month) replaces `birth_date`: every count,
 *   age and list works on the month's last day, where the month gives the
 *   same answer as the day.
 * - `birth_day` keeps the day only for a child with no ID number (nothing to
 *   rebuild); for a child with one, the full file reads the day from the
 *   decrypted number.
 *
 * down() puts `birth_date` back, on the 1st of the month for children with an
 * ID number (their day is inside the encrypted number, which SQL cannot read).
 */
export class ChildIdentityMinimised1765900000000 implements MigrationInterface {
  name = 'ChildIdentityMinimised1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE child ADD COLUMN id_last4 text CHECK (id_last4 ~ '^[0-9]{3}[0-9X]$'),
                                   ADD COLUMN birth_month date CHECK (extract(day FROM birth_month) = 1),
                                   ADD COLUMN birth_day smallint CHECK (birth_day BETWEEN 1 AND 31)`);
    await q.query(`UPDATE child SET id_last4 = right(id_masked, 4), birth_month = date_trunc('month', birth_date)::date,
                                    birth_day = CASE WHEN id_cipher IS NULL THEN extract(day FROM birth_date)::smallint END`);
    await q.query(`ALTER TABLE child DROP CONSTRAINT child_id_number_whole`);
    await q.query(`DROP INDEX IF EXISTS child_birth_date`);
    await q.query(`ALTER TABLE child DROP COLUMN id_masked, DROP COLUMN birth_date, ALTER COLUMN birth_month SET NOT NULL`);
    await q.query(`
      ALTER TABLE child
        ADD CONSTRAINT child_id_number_whole CHECK (
          (id_cipher IS NULL AND id_key_id IS NULL AND id_blind IS NULL AND id_last4 IS NULL) OR
          (id_cipher IS NOT NULL AND id_key_id IS NOT NULL AND id_blind IS NOT NULL AND id_last4 IS NOT NULL)),
        ADD CONSTRAINT child_birth_day_without_id CHECK ((birth_day IS NULL) = (id_cipher IS NOT NULL))`);
    await q.query(`CREATE INDEX child_birth_month ON child (birth_month) WHERE exited_on IS NULL`);
    // each look-up of an ID number: who asked, how, where (the village a new file was meant for), the file
    // it found (if any) and whether the caller was told; never the number
    await q.query(`
      CREATE TABLE registry_lookup_log (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at         timestamptz NOT NULL DEFAULT now(),
        actor_kind text NOT NULL,
        actor_id   text NOT NULL,
        actor      text NOT NULL,
        kind       text NOT NULL CHECK (kind IN ('ID_LOOKUP', 'DUPLICATE_CHECK')),
        unit_id    integer REFERENCES admin_unit (id),
        child_id   uuid REFERENCES child (id),
        -- the caller was told that a file exists (false: none in reach, or the budget was spent)
        found      boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX registry_lookup_log_actor ON registry_lookup_log (actor_kind, actor_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE registry_lookup_log`);
    await q.query(`ALTER TABLE child ADD COLUMN id_masked text, ADD COLUMN birth_date date`);
    await q.query(`UPDATE child SET id_masked = CASE WHEN id_last4 IS NOT NULL THEN '**************' || id_last4 END,
                                    birth_date = birth_month + (coalesce(birth_day, 1) - 1)`);
    await q.query(`ALTER TABLE child DROP CONSTRAINT child_id_number_whole, DROP CONSTRAINT child_birth_day_without_id`);
    await q.query(`DROP INDEX child_birth_month`);
    await q.query(`ALTER TABLE child DROP COLUMN id_last4, DROP COLUMN birth_month, DROP COLUMN birth_day, ALTER COLUMN birth_date SET NOT NULL`);
    await q.query(`
      ALTER TABLE child ADD CONSTRAINT child_id_number_whole CHECK (
        (id_cipher IS NULL AND id_key_id IS NULL AND id_blind IS NULL AND id_masked IS NULL) OR
        (id_cipher IS NOT NULL AND id_key_id IS NOT NULL AND id_blind IS NOT NULL AND id_masked IS NOT NULL))`);
    await q.query(`CREATE INDEX child_birth_date ON child (birth_date) WHERE exited_on IS NULL`);
  }
}
