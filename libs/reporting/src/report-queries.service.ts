import { Injectable } from '@nestjs/common';
import { actsAs, checkPageSize, decodeCursor, encodeCursor, InputError, InputErrorReason, may, parsePeriod, periodToDate, pushTo, Role, type Actor } from '@carenet/core';
import { AdminTreeService, LEVELS_BY_DEPTH } from '@carenet/admin-tree';
import { IndicatorsRepository } from '@carenet/indicators';
import { DataSource } from 'typeorm';
import { actorIsEditor, type AuditEntry, type Report, type ReportStatus } from './report.js';
import { ReportsRepository, type InboxPageKey, type ReportPageKey } from './reports.repository.js';
import { allowedActions, dueAt, nextStatus, submitNeedsChildrenDone, WorkflowAction } from './workflow.js';

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
    private readonly indicatorData: IndicatorsRepository,
    private readonly db: DataSource,
  ) {}

  /**
   * What the actor may do now with each of these reports (all of units it may
   * read), by allowedActions(): a few statements per month for the whole list
   * (the approved ancestors, and the children not done of the units that
   * could otherwise submit), whatever its length.
   */
  async actionsOf(actor: Actor, reports: readonly Report[]): Promise<WorkflowAction[][]> {
    const facts = reports.map((r) => {
      const unit = { id: r.unitId, code: r.unitCode, depth: r.unitDepth, pathIds: r.unitPathIds };
      return { r, rights: { ENTER: may(actor, 'ENTER', unit), APPROVE: may(actor, 'APPROVE', unit) } };
    });
    const byPeriod = new Map<string, typeof facts>();
    for (const f of facts) pushTo(byPeriod, f.r.period, f);
    const approved = new Map<string, Set<number>>();
    const notDone = new Map<string, Set<number>>();
    for (const [period, list] of byPeriod) {
      const date = periodToDate(period);
      const acting = list.filter((f) => f.rights.ENTER || f.rights.APPROVE);
      approved.set(period, await this.reports.approvedAmong(this.db.manager, [...new Set(acting.flatMap((f) => f.r.unitPathIds.slice(0, -1)))], date));
      const couldSubmit = acting.filter((f) => f.rights.ENTER && submitNeedsChildrenDone(f.r.unitDepth) && nextStatus(WorkflowAction.SUBMIT, f.r.status) !== undefined);
      notDone.set(period, await this.reports.withChildrenNotDone(couldSubmit.map((f) => f.r.unitId), date));
    }
    return facts.map(({ r, rights }) => {
      const ancestors = approved.get(r.period)!;
      const parentId = r.unitPathIds.at(-2);
      return allowedActions({
        status: r.status,
        rights,
        actorIsEditor: actorIsEditor(actor, r),
        lockedByAncestor: r.unitPathIds.slice(0, -1).some((id) => ancestors.has(id)),
        parentApproved: parentId !== undefined && ancestors.has(parentId),
        childrenDone: !notDone.get(r.period)!.has(r.unitId),
      });
    });
  }

  /**
   * Each report's deadline: dueAt() of the days its province had for its
   * level in that month (the rule submissions are judged late by), read once
   * per distinct province, level and month of the list.
   */
  async dueAtOf(reports: readonly Report[]): Promise<Date[]> {
    const provinces = new Map((await this.tree.unitsByIds([...new Set(reports.map((r) => r.unitPathIds[0]!))])).map((u) => [u.id, u.code]));
    const days = new Map<string, Promise<number>>();
    const keyOf = (r: Report) => {
      const key = `${r.unitPathIds[0]}|${r.unitDepth}|${r.period}`;
      if (!days.has(key)) days.set(key, this.indicatorData.deadlineDays(provinces.get(r.unitPathIds[0]!)!, LEVELS_BY_DEPTH[r.unitDepth - 1]!, periodToDate(r.period)));
      return key;
    };
    const keys = reports.map(keyOf);
    return Promise.all(keys.map(async (k, i) => dueAt(reports[i]!.period, await days.get(k)!)));
  }

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
