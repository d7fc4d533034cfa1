import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups: for each (unit, month) the sums of every indicator over the
 * subtree, on two bases (APPROVED: approved reports only; PROVISIONAL:
 * submitted or approved), and completeness counters. The outbox carries every
 * change that affects them from the reporting transaction to the queue.
 * Provincial reports are immutable, versioned snapshots.
 */
export class Rollups1764600000000 implements MigrationInterface {
  name = 'Rollups1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE stats_basis AS ENUM ('APPROVED', 'PROVISIONAL')`);
    await q.query(`
      CREATE TABLE rollup_value (
        unit_id   integer NOT NULL REFERENCES admin_unit (id),
        period    date NOT NULL,
        basis     stats_basis NOT NULL,
        indicator text NOT NULL REFERENCES indicator (code),
        value     bigint NOT NULL CHECK (value >= 0),
        PRIMARY KEY (unit_id, period, basis, indicator)
      )`);
    await q.query(`CREATE INDEX rollup_value_period ON rollup_value (period, basis)`);
    await q.query(`
      CREATE TABLE rollup_completeness (
        unit_id     integer NOT NULL REFERENCES admin_unit (id),
        period      date NOT NULL,
        expected    integer NOT NULL,
        submitted   integer NOT NULL,
        approved    integer NOT NULL,
        on_time     integer NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (unit_id, period)
      )`);

    await q.query(`
      CREATE TABLE outbox (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        topic        text NOT NULL,
        payload      jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
    // wake the relay at once instead of at its next poll
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('carenet_outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);

    await q.query(`
      CREATE TABLE provincial_report (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        province_id integer NOT NULL REFERENCES admin_unit (id),
        period      date NOT NULL,
        version     integer NOT NULL CHECK (version > 0),
        trigger     text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        content     jsonb NOT NULL,
        UNIQUE (province_id, period, version)
      )`);
    await q.query(`
      CREATE FUNCTION provincial_report_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'provincial reports are immutable; build a new version'; END $$`);
    await q.query(`
      CREATE TRIGGER provincial_report_immutable BEFORE UPDATE OR DELETE ON provincial_report
      FOR EACH STATEMENT EXECUTE FUNCTION provincial_report_immutable()`);

    // overdue units, flagged once per month by the deadline job; reminders go to a webhook per level
    await q.query(`
      CREATE TABLE overdue_notice (
        unit_id    integer NOT NULL REFERENCES admin_unit (id),
        period     date NOT NULL,
        flagged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (unit_id, period)
      )`);
    await q.query(`
      CREATE TABLE reminder_webhook (
        level unit_level PRIMARY KEY,
        url   text NOT NULL CHECK (url ~ '^https?://')
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reminder_webhook`);
    await q.query(`DROP TABLE overdue_notice`);
    await q.query(`DROP TABLE provincial_report`);
    await q.query(`DROP FUNCTION provincial_report_immutable`);
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP FUNCTION outbox_notify`);
    await q.query(`DROP TABLE rollup_completeness`);
    await q.query(`DROP TABLE rollup_value`);
    await q.query(`DROP TYPE stats_basis`);
  }
}
