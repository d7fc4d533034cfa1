import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units whose month's rollup must be recomputed because something below them
 * changed: a rollup job marks the parent in the transaction that recomputes a
 * unit, and the recompute of the parent takes the mark. A job that finds the
 * mark already taken stops there: the job that took it recomputed after its
 * change had committed and carries on upward. So a wave of approvals
 * recomputes each level once for all the changes committed before it started.
 */
export class RollupPending1765600000000 implements MigrationInterface {
  name = 'RollupPending1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rollup_pending (
        unit_id   integer NOT NULL REFERENCES admin_unit (id),
        period    date NOT NULL,
        marked_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (unit_id, period)
      )`);
    await q.query(`CREATE INDEX rollup_pending_marked_at ON rollup_pending (marked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rollup_pending`);
  }
}
