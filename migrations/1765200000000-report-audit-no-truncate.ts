import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report audit's append-only trigger covered UPDATE and DELETE but not
 * TRUNCATE; now TRUNCATE is refused too (as for admin_audit). Together with
 * the application's own role (which owns nothing, so cannot drop or disable a
 * trigger, and has no TRUNCATE privilege) the audit cannot be emptied by the
 * application.
 */
export class ReportAuditNoTruncate1765200000000 implements MigrationInterface {
  name = 'ReportAuditNoTruncate1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TRIGGER report_audit_no_truncate BEFORE TRUNCATE ON report_audit
      FOR EACH STATEMENT EXECUTE FUNCTION report_audit_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER report_audit_no_truncate ON report_audit`);
  }
}
