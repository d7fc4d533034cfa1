import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { IndicatorValue } from '@carenet/indicators';
import { DONE_STATUSES, ReportStatus, sqlList } from '@carenet/core';
import { existedIn } from '@carenet/admin-tree';
import type { AuditEntry, Explanation, Report } from './report.js';
import type { RuleFinding } from './violation.js';
import { deadlineDay, deadlineJoins } from './deadline.js';

const REPORT_COLUMNS = `
  r.id, r.unit_id AS "unitId", u.code AS "unitCode", u.depth AS "unitDepth",
  string_to_array(u.path::text, '.')::int[] AS "unitPathIds",
  to_char(r.period, 'YYYY-MM') AS period, r.status, r.version, r.editor_ids AS "editorIds",
  r.saved_at AS "savedAt", su.username AS "savedBy",
  r.submitted_at AS "submittedAt", bu.username AS "submittedBy", r.submitted_by AS "submittedById",
  r.approved_at AS "approvedAt", au.username AS "approvedBy",
  r.late, r.warnings, r.explanations, r.return_reason AS "returnReason", r.return_comment AS "returnComment",
  r.exempt_reason AS "exemptReason", r.approved_values AS "approvedValues",
  coalesce((SELECT json_agg(json_build_object('indicator', v.indicator, 'value', v.value) ORDER BY i.sort_order, v.indicator)
              FROM report_value v JOIN indicator i ON i.code = v.indicator WHERE v.report_id = r.id), '[]') AS values`;

/** A child unit `c` of the month ($2, as the tree stood then) whose report `r` (left-joined) is neither approved nor exempted. */
const CHILD_NOT_DONE = `${existedIn('c', '$2')} AND (r.status IS NULL OR r.status NOT IN ${sqlList(DONE_STATUSES)})`;

const REPORT_FROM = `
  report r JOIN admin_unit u ON u.id = r.unit_id
  LEFT JOIN app_user su ON su.id = r.saved_by
  LEFT JOIN app_user bu ON bu.id = r.submitted_by
  LEFT JOIN app_user au ON au.id = r.approved_by`;

export interface InboxPageKey {
  deadline: string;
  code: string;
  period: string;
}

export interface ReportPageKey {
  period: string;
  code: string;
  depth: number;
}

export interface ReportChange {
  status: ReportStatus;
  /** Fields to set besides status and version. */
  set: Partial<{
    editorId: number;
    savedBy: number;
    submittedBy: number;
    approvedBy: number;
    late: boolean;
    warnings: RuleFinding[];
    explanations: Explanation[];
    returnReason: string | null;
    returnComment: string | null;
    exemptReason: string | null;
    approvedValuesFromCurrent: boolean;
  }>;
}

/** One entry of the audit trail, as a change appends it. */
export interface AuditAppend {
  reportId: number;
  actorId: number | null;
  actor: string;
  action: string;
  reason?: string | null;
  version: number;
  fromStatus: string | null;
  toStatus: string;
  before: IndicatorValue[] | null;
  after: IndicatorValue[] | null;
}

/** Every SQL statement about reports, their values, their audit and idempotency keys. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly db: DataSource) {}

  async find(unitId: number, periodDate: string, m: EntityManager = this.db.manager, lock = false): Promise<Report | undefined> {
    if (lock) await m.query(`SELECT 1 FROM report WHERE unit_id = $1 AND period = $2 FOR UPDATE`, [unitId, periodDate]);
    const [row] = await m.query(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.unit_id = $1 AND r.period = $2`, [unitId, periodDate]);
    return row;
  }

  /**
   * The reports of these units for a month, read inside the caller's
   * transaction; with `lock`, their rows are locked first, in unit order (every
   * writer of several reports locks in that order, so two never deadlock).
   */
  async findManyIn(m: EntityManager, unitIds: number[], periodDate: string, lock = false): Promise<Report[]> {
    if (unitIds.length === 0) return [];
    if (lock) await m.query(`SELECT 1 FROM report WHERE unit_id = ANY($1::int[]) AND period = $2 ORDER BY unit_id FOR UPDATE`, [unitIds, periodDate]);
    return m.query(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.unit_id = ANY($1::int[]) AND r.period = $2`, [unitIds, periodDate]);
  }

  async findMany(keys: { unitId: number; periodDate: string }[]): Promise<Report[]> {
    if (keys.length === 0) return [];
    return this.db.query(
      `SELECT ${REPORT_COLUMNS} FROM unnest($1::int[], $2::date[]) AS k(unit_id, period)
         JOIN ${REPORT_FROM} ON r.unit_id = k.unit_id AND r.period = k.period`,
      [keys.map((k) => k.unitId), keys.map((k) => k.periodDate)],
    );
  }

  /** Reports of the units in a subtree, newest month first, then by code; one more than `limit`. */
  list(filter: { path: string; periodDate?: string; status?: ReportStatus }, after: ReportPageKey | undefined, limit: number): Promise<Report[]> {
    const { where, params } = this.listWhere(filter);
    let keyset = '';
    if (after) {
      params.push(`${after.period}-01`, after.code, after.depth);
      const n = params.length;
      keyset = ` AND (r.period < $${n - 2}::date OR (r.period = $${n - 2}::date AND (u.code, u.depth) > ($${n - 1}, $${n})))`;
    }
    params.push(limit + 1);
    return this.db.query(
      `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE ${where}${keyset}
        ORDER BY r.period DESC, u.code, u.depth LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * An approver's inbox: SUBMITTED reports of the unit's children (and of the unit itself when it is a
   * province, whose approver signs it off), deadline first (the last day on time, China time, as the overdue flags count it), then unit code; one more than `limit`.
   */
  inbox(unitId: number, periodDate: string | undefined, after: InboxPageKey | undefined, limit: number): Promise<(Report & { deadline: string })[]> {
    const params: unknown[] = [unitId];
    let where = `r.status = 'SUBMITTED' AND (u.parent_id = $1 OR (u.id = $1 AND u.depth = 1))`;
    if (periodDate) {
      params.push(periodDate);
      where += ` AND r.period = $${params.length}::date`;
    }
    const deadline = deadlineDay('r.period');
    if (after) {
      params.push(after.deadline, after.code, `${after.period}-01`);
      const n = params.length;
      where += ` AND (${deadline}, u.code, r.period) > ($${n - 2}::date, $${n - 1}, $${n}::date)`;
    }
    params.push(limit + 1);
    return this.db.query(
      `SELECT ${REPORT_COLUMNS}, to_char(${deadline}, 'YYYY-MM-DD') AS deadline
         FROM ${REPORT_FROM}
         ${deadlineJoins('u', 'r.period')}
        WHERE ${where}
        ORDER BY ${deadline}, u.code, r.period LIMIT $${params.length}`,
      params,
    );
  }

  /** How many reports the inbox holds (same filter as `inbox`). */
  async inboxCount(unitId: number, periodDate: string | undefined): Promise<number> {
    const params: unknown[] = [unitId];
    let where = `r.status = 'SUBMITTED' AND (u.parent_id = $1 OR (u.id = $1 AND u.depth = 1))`;
    if (periodDate) {
      params.push(periodDate);
      where += ` AND r.period = $2::date`;
    }
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM report r JOIN admin_unit u ON u.id = r.unit_id WHERE ${where}`, params);
    return row.n;
  }

  async count(filter: { path: string; periodDate?: string; status?: ReportStatus }): Promise<number> {
    const { where, params } = this.listWhere(filter);
    const [row] = await this.db.query(`SELECT count(*) AS n FROM report r JOIN admin_unit u ON u.id = r.unit_id WHERE ${where}`, params);
    return row.n;
  }

  private listWhere(filter: { path: string; periodDate?: string; status?: ReportStatus }) {
    const params: unknown[] = [filter.path];
    const parts = ['u.path <@ $1::ltree'];
    if (filter.periodDate) {
      params.push(filter.periodDate);
      parts.push(`r.period = $${params.length}::date`);
    }
    if (filter.status) {
      params.push(filter.status);
      parts.push(`r.status = $${params.length}::report_status`);
    }
    return { where: parts.join(' AND '), params };
  }

  /** Creates the report row at version 1 with the change's fields; undefined when one already exists (another request made it). */
  async insert(m: EntityManager, unitId: number, periodDate: string, status: ReportStatus, set: ReportChange['set']): Promise<number | undefined> {
    const rows: { id: number }[] = await m.query(
      `INSERT INTO report (unit_id, period, status, version, editor_ids, saved_by, saved_at, submitted_by, submitted_at, late, warnings, explanations, exempt_reason)
       VALUES ($1, $2, $3, 1, $4::int[], $5, CASE WHEN $5::int IS NULL THEN NULL ELSE now() END,
               $6, CASE WHEN $6::int IS NULL THEN NULL ELSE now() END, $7, $8::jsonb, $9::jsonb, $10)
       ON CONFLICT (unit_id, period) DO NOTHING RETURNING id`,
      [
        unitId,
        periodDate,
        status,
        set.editorId === undefined ? [] : [set.editorId],
        set.savedBy ?? null,
        set.submittedBy ?? null,
        set.late ?? false,
        JSON.stringify(set.warnings ?? []),
        JSON.stringify(set.explanations ?? []),
        set.exemptReason ?? null,
      ],
    );
    return rows[0]?.id;
  }

  /**
   * `insert` for many units at once, all with the same status and fields, in
   * unit order; the ids of the rows made (a unit missing from the answer had
   * one already: another request made it).
   */
  async insertMany(m: EntityManager, unitIds: number[], periodDate: string, status: ReportStatus, set: ReportChange['set']): Promise<Map<number, number>> {
    if (unitIds.length === 0) return new Map();
    const rows: { id: number; unit_id: number }[] = await m.query(
      `INSERT INTO report (unit_id, period, status, version, editor_ids, saved_by, saved_at, submitted_by, submitted_at, late, warnings, explanations, exempt_reason)
       SELECT k.unit_id, $2, $3, 1, $4::int[], $5, CASE WHEN $5::int IS NULL THEN NULL ELSE now() END,
              $6, CASE WHEN $6::int IS NULL THEN NULL ELSE now() END, $7, $8::jsonb, $9::jsonb, $10
         FROM unnest($1::int[]) AS k(unit_id) ORDER BY k.unit_id
       ON CONFLICT (unit_id, period) DO NOTHING RETURNING id, unit_id`,
      [
        unitIds,
        periodDate,
        status,
        set.editorId === undefined ? [] : [set.editorId],
        set.savedBy ?? null,
        set.submittedBy ?? null,
        set.late ?? false,
        JSON.stringify(set.warnings ?? []),
        JSON.stringify(set.explanations ?? []),
        set.exemptReason ?? null,
      ],
    );
    return new Map(rows.map((r) => [Number(r.unit_id), Number(r.id)]));
  }

  /**
   * The guarded update: applies only while the row is still at `expectedVersion`
   * (a concurrent change bumps it), and says whether it applied.
   */
  async update(m: EntityManager, id: number, expectedVersion: number, change: ReportChange): Promise<boolean> {
    const params: unknown[] = [id, expectedVersion, change.status];
    const sets = this.setClauses(change.set, params);
    // for UPDATE, TypeORM's postgres driver answers [rows, affected row count]
    const [, affected] = await m.query(`UPDATE report SET status = $3::report_status, ${sets} WHERE id = $1 AND version = $2`, params);
    return affected === 1;
  }

  /**
   * The guarded update of many reports at once, each at its own version and to
   * its own status, all with the same fields; the ids it applied to.
   */
  async updateMany(m: EntityManager, rows: { id: number; version: number; status: ReportStatus }[], set: ReportChange['set']): Promise<Set<number>> {
    if (rows.length === 0) return new Set();
    const params: unknown[] = [rows.map((r) => r.id), rows.map((r) => r.version), rows.map((r) => r.status)];
    const sets = this.setClauses(set, params);
    const done: { id: number }[] = await m.query(
      // as a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count]
      `WITH k AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::report_status[]) AS k(k_id, k_version, k_status)),
            done AS (UPDATE report SET status = k.k_status, ${sets} FROM k WHERE report.id = k.k_id AND report.version = k.k_version RETURNING report.id)
       SELECT id FROM done`,
      params,
    );
    return new Set(done.map((r) => Number(r.id)));
  }

  /** What a change sets besides its status, as SQL (the parameters pushed onto `params`). */
  private setClauses(s: ReportChange['set'], params: unknown[]): string {
    const sets = ['version = version + 1', 'updated_at = now()'];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      sets.push(sql.replace('?', `$${params.length}`));
    };
    if (s.editorId !== undefined) {
      params.push(s.editorId);
      const p = `$${params.length}::int`;
      sets.push(`editor_ids = CASE WHEN ${p} = ANY(editor_ids) THEN editor_ids ELSE editor_ids || ${p} END`);
    }
    if (s.savedBy !== undefined) {
      add('saved_by = ?', s.savedBy);
      sets.push('saved_at = now()');
    }
    if (s.submittedBy !== undefined) {
      add('submitted_by = ?', s.submittedBy);
      sets.push('submitted_at = now()');
    }
    if (s.approvedBy !== undefined) {
      add('approved_by = ?', s.approvedBy);
      sets.push('approved_at = now()');
    }
    if (s.late !== undefined) add('late = ?', s.late);
    if (s.warnings !== undefined) add('warnings = ?::jsonb', JSON.stringify(s.warnings));
    if (s.explanations !== undefined) add('explanations = ?::jsonb', JSON.stringify(s.explanations));
    if (s.returnReason !== undefined) add('return_reason = ?', s.returnReason);
    if (s.returnComment !== undefined) add('return_comment = ?', s.returnComment);
    if (s.exemptReason !== undefined) add('exempt_reason = ?', s.exemptReason);
    if (s.approvedValuesFromCurrent) {
      sets.push(`approved_values = coalesce((SELECT json_agg(json_build_object('indicator', v.indicator, 'value', v.value) ORDER BY v.indicator)
                                             FROM report_value v WHERE v.report_id = report.id), '[]')::jsonb`);
    }
    return sets.join(', ');
  }

  async replaceValues(m: EntityManager, reportId: number, values: IndicatorValue[]): Promise<void> {
    await this.replaceValuesMany(m, [{ reportId, values }]);
  }

  /** Each report's values replaced by the given ones: one DELETE and one INSERT for all of them. */
  async replaceValuesMany(m: EntityManager, entries: { reportId: number; values: IndicatorValue[] }[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(`DELETE FROM report_value WHERE report_id = ANY($1::bigint[])`, [entries.map((e) => e.reportId)]);
    const flat = entries.flatMap((e) => e.values.map((v) => [e.reportId, v.indicator, v.value] as const));
    if (flat.length === 0) return;
    await m.query(`INSERT INTO report_value (report_id, indicator, value) SELECT r, i, v FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS t(r, i, v)`, [
      flat.map((f) => f[0]),
      flat.map((f) => f[1]),
      flat.map((f) => f[2]),
    ]);
  }

  async appendAudit(m: EntityManager, e: AuditAppend): Promise<void> {
    await this.appendAuditMany(m, [e]);
  }

  /** Audit entries appended in the order given, in one statement. */
  async appendAuditMany(m: EntityManager, entries: AuditAppend[]): Promise<void> {
    if (entries.length === 0) return;
    await m.query(
      `INSERT INTO report_audit (report_id, actor_id, actor, action, reason, version, before, after)
       SELECT report_id, actor_id, actor, action, reason, version, before, after
         FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[])
              WITH ORDINALITY AS t(report_id, actor_id, actor, action, reason, version, before, after, ord)
        ORDER BY ord`,
      [
        entries.map((e) => e.reportId),
        entries.map((e) => e.actorId),
        entries.map((e) => e.actor),
        entries.map((e) => e.action),
        entries.map((e) => e.reason ?? null),
        entries.map((e) => e.version),
        entries.map((e) => JSON.stringify({ status: e.fromStatus, values: e.before })),
        entries.map((e) => JSON.stringify({ status: e.toStatus, values: e.after })),
      ],
    );
  }

  auditTrail(unitId: number, periodDate: string): Promise<AuditEntry[]> {
    return this.db.query(
      `SELECT a.at, a.actor, a.action, a.reason, a.version,
              a.before->>'status' AS "fromStatus", a.after->>'status' AS "toStatus",
              a.before->'values' AS before, a.after->'values' AS after
         FROM report_audit a JOIN report r ON r.id = a.report_id
        WHERE r.unit_id = $1 AND r.period = $2 ORDER BY a.id`,
      [unitId, periodDate],
    );
  }

  async unitCode(m: EntityManager, unitId: number): Promise<string> {
    const [row] = await m.query(`SELECT code FROM admin_unit WHERE id = $1`, [unitId]);
    return row.code;
  }

  /** Whether any of these (ancestor) units has an approved report for the month. */
  async anyApproved(m: EntityManager, unitIds: number[], periodDate: string): Promise<boolean> {
    if (unitIds.length === 0) return false;
    const rows = await m.query(`SELECT 1 FROM report WHERE unit_id = ANY($1::int[]) AND period = $2 AND status = '${ReportStatus.APPROVED}' LIMIT 1`, [unitIds, periodDate]);
    return rows.length > 0;
  }

  /** Which of these (ancestor) units have an approved report for the month (`anyApproved` for many reports at once). */
  async approvedAmong(m: EntityManager, unitIds: number[], periodDate: string): Promise<Set<number>> {
    if (unitIds.length === 0) return new Set();
    const rows: { unit_id: number }[] = await m.query(`SELECT unit_id FROM report WHERE unit_id = ANY($1::int[]) AND period = $2 AND status = '${ReportStatus.APPROVED}'`, [
      unitIds,
      periodDate,
    ]);
    return new Set(rows.map((r) => Number(r.unit_id)));
  }

  /** Child units (as the tree stood that month) whose report is neither approved nor exempted. */
  async childrenNotDone(m: EntityManager, unitId: number, periodDate: string, sample = 20): Promise<{ total: number; codes: string[] }> {
    const rows: { code: string; total: number }[] = await m.query(
      `SELECT c.code, count(*) OVER () AS total
         FROM admin_unit c LEFT JOIN report r ON r.unit_id = c.id AND r.period = $2
        WHERE c.parent_id = $1 AND ${CHILD_NOT_DONE}
        ORDER BY c.code LIMIT $3`,
      [unitId, periodDate, sample],
    );
    return { total: rows[0]?.total ?? 0, codes: rows.map((r) => r.code) };
  }

  /** Which of these units have a child unit not done for the month (`childrenNotDone` for many units at once). */
  async withChildrenNotDone(unitIds: number[], periodDate: string): Promise<Set<number>> {
    if (unitIds.length === 0) return new Set();
    const rows: { parent_id: number }[] = await this.db.query(
      `SELECT DISTINCT c.parent_id
         FROM admin_unit c LEFT JOIN report r ON r.unit_id = c.id AND r.period = $2
        WHERE c.parent_id = ANY($1::int[]) AND ${CHILD_NOT_DONE}`,
      [unitIds, periodDate],
    );
    return new Set(rows.map((r) => Number(r.parent_id)));
  }

  /** Sums of approved village figures in a subtree for the month (W1, W3). */
  async approvedVillageSums(m: EntityManager, path: string, periodDate: string, indicators: string[]): Promise<Map<string, number>> {
    const rows: { indicator: string; total: number }[] = await m.query(
      `SELECT v.indicator, sum(v.value)::bigint AS total
         FROM admin_unit u JOIN report r ON r.unit_id = u.id AND r.period = $2 AND r.status = '${ReportStatus.APPROVED}'
         JOIN report_value v ON v.report_id = r.id AND v.indicator = ANY($3::text[])
        WHERE u.path <@ $1::ltree AND u.depth = 5
        GROUP BY v.indicator`,
      [path, periodDate, indicators],
    );
    return new Map(rows.map((r) => [r.indicator, r.total]));
  }

  /** The unit's own approved values over the 12 approved months before this one, oldest first, per indicator. */
  async approvedHistory(m: EntityManager, unitId: number, periodDate: string): Promise<Map<string, number[]>> {
    const rows: { indicator: string; values: number[] }[] = await m.query(
      `WITH last AS (
         SELECT id, period FROM report WHERE unit_id = $1 AND period < $2 AND status = '${ReportStatus.APPROVED}' ORDER BY period DESC LIMIT 12)
       SELECT v.indicator, array_agg(v.value ORDER BY last.period) AS values
         FROM last JOIN report_value v ON v.report_id = last.id GROUP BY v.indicator`,
      [unitId, periodDate],
    );
    return new Map(rows.map((r) => [r.indicator, r.values.map(Number)]));
  }

  // ---- the approved figures behind the sync feed ----

  /** The report's values become the unit's approved figures; figures it no longer has are withdrawn. Changed ones lose their feed number. */
  async publishApprovedFigures(m: EntityManager, reportId: number, unitId: number, periodDate: string): Promise<void> {
    await m.query(
      `INSERT INTO approved_figure (unit_id, period, indicator, value, seq, changed_at)
       SELECT $2, $3::date, v.indicator, v.value, NULL, clock_timestamp() FROM report_value v WHERE v.report_id = $1
       ON CONFLICT (unit_id, period, indicator) DO UPDATE SET value = EXCLUDED.value, seq = NULL, changed_at = EXCLUDED.changed_at
        WHERE approved_figure.value IS DISTINCT FROM EXCLUDED.value`,
      [reportId, unitId, periodDate],
    );
    await m.query(
      `UPDATE approved_figure f SET value = NULL, seq = NULL, changed_at = clock_timestamp()
        WHERE f.unit_id = $2 AND f.period = $3::date AND f.value IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM report_value v WHERE v.report_id = $1 AND v.indicator = f.indicator)`,
      [reportId, unitId, periodDate],
    );
  }

  async withdrawApprovedFigures(m: EntityManager, unitId: number, periodDate: string): Promise<void> {
    await m.query(
      `UPDATE approved_figure SET value = NULL, seq = NULL, changed_at = clock_timestamp() WHERE unit_id = $1 AND period = $2::date AND value IS NOT NULL`,
      [unitId, periodDate],
    );
  }
}
