import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sync feed: every approved figure (a unit's own value of an indicator
 * for a month) with its latest value. A change sets `seq` to NULL; the feed
 * numbers unnumbered rows (one numbering at a time) before each read, so a
 * changed figure moves to the end of the feed and a number, once seen, never
 * gains a smaller neighbour. `value` NULL: the figure was withdrawn (reopened).
 * API keys get a quota of requests per minute.
 */
export class ChangeFeed1764700000000 implements MigrationInterface {
  name = 'ChangeFeed1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE change_feed_seq`);
    await q.query(`
      CREATE TABLE approved_figure (
        unit_id    integer NOT NULL REFERENCES admin_unit (id),
        period     date NOT NULL,
        indicator  text NOT NULL REFERENCES indicator (code),
        value      bigint CHECK (value >= 0),
        seq        bigint,
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (unit_id, period, indicator)
      )`);
    await q.query(`CREATE UNIQUE INDEX approved_figure_seq ON approved_figure (seq)`);
    await q.query(`CREATE INDEX approved_figure_unnumbered ON approved_figure (unit_id) WHERE seq IS NULL`);
    await q.query(`ALTER TABLE api_key ADD COLUMN quota_per_minute integer NOT NULL DEFAULT 1200 CHECK (quota_per_minute > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_key DROP COLUMN quota_per_minute`);
    await q.query(`DROP TABLE approved_figure`);
    await q.query(`DROP SEQUENCE change_feed_seq`);
  }
}
