import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The latest approval, found at once for the rollup-lag metric. */
export class ReportApprovedAt1765300000001 implements MigrationInterface {
  name = 'ReportApprovedAt1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX report_approved_at ON report (approved_at DESC) WHERE approved_at IS NOT NULL AND status = 'APPROVED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX report_approved_at`);
  }
}
