import { Injectable } from '@nestjs/common';
import { actsAs, checkPageSize, decodeCursor, encodeCursor, InputError, InputErrorReason, may, parsePeriod, periodToDate, Role, type Actor } from '@carenet/core';
import { AdminTreeService } from '@carenet/admin-tree';
import type { AuditEntry, Report, ReportStatus } from './report.js';
import { ReportsRepository, type InboxPageKey, type ReportPageKey } from './reports.repository.js';

export interface ReportPage {
  items: Report[];
  cursors: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: () => Promise<number>;
}

/** Reading reports: one, a page of a subtree's, a batch for the loaders, and the audit trail. */
@Injectable()
export class ReportQueriesService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly tree: AdminTreeService,
  ) {}

  async getReport(actor: Actor, unitCode: string, period: string): Promise<Report | null> {
    parsePeriod(period);
    const unit = await this.tree.visibleUnit(actor, unitCode, period, 'unitCode');
    return (await this.reports.find(unit.id, periodToDate(period))) ?? null;
  }

  /** Reports of units the actor may already read (a field of AdminUnit), batched by the caller. */
  reportsOf(keys: { unitId: number; period: string }[]): Promise<Report[]> {
    return this.reports.findMany(keys.map((k) => ({ unitId: k.unitId, periodDate: periodToDate(k.period) })));
  }

  async listReports(
    actor: Actor,
    q: { underUnit: string; period?: string | null; status?: ReportStatus | null; first?: number | null; after?: string | null },
  ): Promise<ReportPage> {
    const limit = checkPageSize(q.first);
    if (q.period) parsePeriod(q.period);
    const unit = await this.tree.visibleUnit(actor, q.underUnit, q.period ?? undefined, 'underUnit');
    const filter = { path: unit.pathIds.join('.'), periodDate: q.period ? periodToDate(q.period) : undefined, status: q.status ?? undefined };
    const rows = await this.reports.list(filter, pageKey(q.after), limit);
    const items = rows.slice(0, limit);
    const cursors = items.map((r) => encodeCursor([r.period, r.unitCode, r.unitDepth]));
    return { items, cursors, hasNextPage: rows.length > limit, endCursor: cursors.at(-1) ?? null, totalCount: () => this.reports.count(filter) };
  }

  /**
   * The approval inbox: the reports waiting for this approver (SUBMITTED by the units it approves, i.e. the
   * children of its unit, and a province's own report for the province's approver), deadline first, then
   * unit code. Each row is checked against the one rule (may APPROVE); anyone else gets an empty inbox.
   */
  async approvalInbox(actor: Actor, q: { period?: string | null; first?: number | null; after?: string | null }): Promise<ReportPage> {
    const limit = checkPageSize(q.first);
    if (q.period) parsePeriod(q.period);
    const empty: ReportPage = { items: [], cursors: [], hasNextPage: false, endCursor: null, totalCount: async () => 0 };
    if (!actsAs(actor, Role.APPROVER)) return empty;
    const periodDate = q.period ? periodToDate(q.period) : undefined;
    const rows = await this.reports.inbox(actor.unitId, periodDate, inboxKey(q.after), limit);
    const items = rows.slice(0, limit).filter((r) => may(actor, 'APPROVE', { id: r.unitId, code: r.unitCode, depth: r.unitDepth, pathIds: r.unitPathIds }));
    const cursors = items.map((r) => encodeCursor([r.deadline, r.unitCode, r.period]));
    return { items, cursors, hasNextPage: rows.length > limit, endCursor: cursors.at(-1) ?? null, totalCount: () => this.reports.inboxCount(actor.unitId, periodDate) };
  }

  async auditTrail(actor: Actor, unitCode: string, period: string): Promise<AuditEntry[]> {
    parsePeriod(period);
    const unit = await this.tree.visibleUnit(actor, unitCode, period, 'unitCode');
    return this.reports.auditTrail(unit.id, periodToDate(period));
  }
}

function inboxKey(after: string | null | undefined): InboxPageKey | undefined {
  const keys = decodeCursor(after);
  if (!keys) return undefined;
  const [deadline, code, period] = keys;
  if (typeof deadline !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(deadline) || typeof code !== 'string' || !/^\d{12}$/.test(code) || typeof period !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
    throw new InputError(InputErrorReason.INVALID_CURSOR, 'after: not a cursor of this list', 'after');
  }
  return { deadline, code, period };
}

function pageKey(after: string | null | undefined): ReportPageKey | undefined {
  const keys = decodeCursor(after);
  if (!keys) return undefined;
  const [period, code, depth] = keys;
  if (
    typeof period !== 'string' ||
    !/^\d{4}-(0[1-9]|1[0-2])$/.test(period) ||
    typeof code !== 'string' ||
    !/^\d{12}$/.test(code) ||
    typeof depth !== 'number' ||
    !Number.isInteger(depth) ||
    depth < 1 ||
    depth > 5
  ) {
    throw new InputError(InputErrorReason.INVALID_CURSOR, 'after: not a cursor of this list', 'after');
  }
  return { period, code, depth };
}
