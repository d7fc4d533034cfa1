import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  checkPageSize,
  decodeCursor,
  encodeCursor,
  hasEnded,
  InputError,
  InputErrorReason,
  may,
  notFound,
  requireScope,
  normalizeUnitCode,
  parsePeriod,
  periodToDate,
  userIdOf,
  type Actor,
  type Violation,
} from '@carenet/core';
import { AdminTreeService, type AdminUnit } from '@carenet/admin-tree';
import { IndicatorsRepository, IndicatorsService, type IndicatorValue } from '@carenet/indicators';
import { OutboxRepository, ProvincialReportJob, RollupJob } from '@carenet/queue';
import { ReportStatus, ReturnReason, type AuditEntry, type Explanation, type Report } from './report.js';
import { ReportingError, ReportingErrorReason, WorkflowError } from './reporting.errors.js';
import { ReportsRepository, type ReportPageKey } from './reports.repository.js';
import { checkMandatoryReports, checkOutliers, checkSubsidies, unexplained, validateForSave } from './validation.js';
import type { RuleFinding } from './violation.js';
import { decide, isLate, PERMISSION, WorkflowAction, type TransitionFacts } from './workflow.js';

export interface ReportPage {
  items: Report[];
  cursors: string[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: () => Promise<number>;
}

const MAX_TEXT = 2000;
const RETURN_CODES = new Set<string>([ReturnReason.WRONG_FIGURES, ReturnReason.MISSING_EXPLANATION, ReturnReason.INCONSISTENT_WITH_REGISTRY, ReturnReason.OTHER]);

export function toViolations(findings: RuleFinding[]): Violation[] {
  return findings.map((f) => ({ rule: f.rule, indicators: f.indicators, message: f.message }));
}

function validationFailed(findings: RuleFinding[], what: string): ReportingError {
  return new ReportingError(ReportingErrorReason.VALIDATION_FAILED, `${what}: ${findings.length} rule(s) failed: ${findings.map((f) => f.message).join('; ')}`, {
    violations: toViolations(findings),
  });
}

function requireText(value: string | null | undefined, field: string): string {
  const text = (value ?? '').trim();
  if (text.length < 1 || text.length > MAX_TEXT) {
    throw new ReportingError(ReportingErrorReason.INVALID_INPUT, `${field}: must be 1 to ${MAX_TEXT} characters`, { field });
  }
  return text;
}

function stableHash(value: unknown): Buffer {
  return createHash('sha256').update(JSON.stringify(value)).digest();
}

function versionMismatch(expected: number, actual: number | undefined): ReportingError {
  return new ReportingError(
    ReportingErrorReason.VERSION_MISMATCH,
    `expectedVersion: the report is at version ${actual ?? 0}, not ${expected}; someone changed it meanwhile — reload it and apply your change again`,
    { field: 'expectedVersion', currentVersion: actual ?? 0 },
  );
}

/**
 * Entry, validation and the approval chain of monthly reports. Every change is
 * one transaction holding the report row's lock, guarded by the version the
 * client last read, and recorded in the audit in that same transaction.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly tree: AdminTreeService,
    private readonly indicators: IndicatorsService,
    private readonly indicatorData: IndicatorsRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  // ---- reads ----

  async getReport(actor: Actor, unitCode: string, period: string): Promise<Report | null> {
    const unit = await this.unitFor(actor, unitCode, this.endedPeriod(period, false));
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
    const unit = await this.unitFor(actor, q.underUnit, q.period ?? undefined, 'underUnit');
    const filter = { path: unit.pathIds.join('.'), periodDate: q.period ? periodToDate(q.period) : undefined, status: q.status ?? undefined };
    const rows = await this.reports.list(filter, this.pageKey(q.after), limit);
    const items = rows.slice(0, limit);
    const cursors = items.map((r) => encodeCursor([r.period, r.unitCode, r.unitDepth]));
    return { items, cursors, hasNextPage: rows.length > limit, endCursor: cursors.at(-1) ?? null, totalCount: () => this.reports.count(filter) };
  }

  async auditTrail(actor: Actor, unitCode: string, period: string): Promise<AuditEntry[]> {
    parsePeriod(period);
    const unit = await this.unitFor(actor, unitCode, period);
    return this.reports.auditTrail(unit.id, periodToDate(period));
  }

  // ---- the workflow ----

  async saveReport(
    actor: Actor,
    input: { unitCode: string; period: string; values: IndicatorValue[]; expectedVersion: number; idempotencyKey?: string | null },
  ): Promise<Report> {
    const period = this.endedPeriod(input.period);
    const unit = await this.unitFor(actor, input.unitCode, period, 'unitCode', PERMISSION[WorkflowAction.SAVE]);
    const values = await this.checkedValues(input.values, unit);
    const request = { unit: unit.id, period, values: [...values].sort((a, b) => a.indicator.localeCompare(b.indicator)), expectedVersion: input.expectedVersion };
    return this.transaction(actor, 'saveReport', input.idempotencyKey, request, (m) => this.saveIn(m, actor, unit, period, values, input.expectedVersion));
  }

  async submitReport(
    actor: Actor,
    input: { unitCode: string; period: string; expectedVersion: number; explanations?: Explanation[] | null },
  ): Promise<Report> {
    const explanations = (input.explanations ?? []).map((e, i) => ({
      rule: String(e.rule).trim(),
      indicator: String(e.indicator).trim(),
      text: requireText(e.text, `explanations[${i}].text`),
    }));
    return this.withLockedReport(actor, input.unitCode, input.period, WorkflowAction.SUBMIT, async (m, unit, date, current, period) => {
      this.checkVersion(current, input.expectedVersion);
      await this.decideOrThrow(m, actor, unit, date, current, WorkflowAction.SUBMIT);
      if (unit.depth < 5) {
        const missing = await this.reports.childrenNotDone(m, unit.id, date);
        if (missing.total > 0) {
          throw new ReportingError(
            ReportingErrorReason.CHILDREN_NOT_APPROVED,
            `${missing.total} child unit(s) have no approved or exempted report for ${period}: ${missing.codes.join(', ')}${missing.total > missing.codes.length ? ', …' : ''}`,
            { missing: missing.total, units: missing.codes },
          );
        }
      }
      const warnings = await this.warningsFor(m, unit, date, current?.values ?? []);
      const open = unexplained(warnings, explanations);
      if (open.length > 0) {
        throw new ReportingError(
          ReportingErrorReason.VALIDATION_FAILED,
          `${open.length} warning(s) need an explanation before submitting (explanations: [{ rule, indicator, text }])`,
          { violations: toViolations(open) },
        );
      }
      const kept = explanations.filter((e) => warnings.some((w) => w.rule === e.rule && w.indicators[0] === e.indicator));
      const late = isLate(period, await this.indicatorData.deadlineDays(await this.provinceCode(m, unit), unit.level, m), new Date());
      const userId = userIdOf(actor);
      let id = current?.id;
      if (!current) {
        id = await this.reports.insert(m, unit.id, date, ReportStatus.SUBMITTED, { submittedBy: userId, late, warnings, explanations: kept });
        if (id === undefined) throw versionMismatch(input.expectedVersion, 1);
      } else {
        const applied = await this.reports.update(m, current.id, current.version, {
          status: ReportStatus.SUBMITTED,
          set: { editorId: userId, submittedBy: userId, late, warnings, explanations: kept, returnReason: null, returnComment: null },
        });
        if (!applied) throw versionMismatch(input.expectedVersion, undefined);
      }
      return this.finish(m, actor, unit, date, current, 'SUBMIT', null);
    });
  }

  async approveReport(actor: Actor, input: { unitCode: string; period: string; expectedVersion: number }): Promise<Report> {
    return this.simpleTransition(actor, input.unitCode, input.period, WorkflowAction.APPROVE, input.expectedVersion, null, (current) => ({
      status: ReportStatus.APPROVED,
      set: { approvedBy: userIdOf(actor), approvedValuesFromCurrent: true },
      current,
    }));
  }

  async returnReport(
    actor: Actor,
    input: { unitCode: string; period: string; expectedVersion: number; reasonCode: string; comment: string },
  ): Promise<Report> {
    if (!RETURN_CODES.has(input.reasonCode)) {
      throw new ReportingError(ReportingErrorReason.INVALID_INPUT, `reasonCode: one of ${[...RETURN_CODES].join(', ')}`, { field: 'reasonCode' });
    }
    const comment = requireText(input.comment, 'comment');
    return this.simpleTransition(actor, input.unitCode, input.period, WorkflowAction.RETURN, input.expectedVersion, `${input.reasonCode}: ${comment}`, () => ({
      status: ReportStatus.RETURNED,
      set: { returnReason: input.reasonCode, returnComment: comment },
    }));
  }

  async exemptReport(actor: Actor, input: { unitCode: string; period: string; reason: string }): Promise<Report> {
    const reason = requireText(input.reason, 'reason');
    return this.withLockedReport(actor, input.unitCode, input.period, WorkflowAction.EXEMPT, async (m, unit, date, current) => {
      await this.decideOrThrow(m, actor, unit, date, current, WorkflowAction.EXEMPT);
      if (!current) {
        if ((await this.reports.insert(m, unit.id, date, ReportStatus.EXEMPTED, { exemptReason: reason })) === undefined) throw versionMismatch(0, 1);
      } else if (!(await this.reports.update(m, current.id, current.version, { status: ReportStatus.EXEMPTED, set: { exemptReason: reason } }))) {
        throw versionMismatch(current.version, undefined);
      }
      return this.finish(m, actor, unit, date, current, 'EXEMPT', reason);
    });
  }

  /** Reopens an approved (or exempted) report while its parent's is not approved; a submitted parent goes back too. */
  async reopenReport(actor: Actor, input: { unitCode: string; period: string; reason: string }): Promise<Report> {
    const reason = requireText(input.reason, 'reason');
    return this.withLockedReport(actor, input.unitCode, input.period, WorkflowAction.REOPEN, async (m, unit, date, current) => {
      const parent = unit.parentId === null ? undefined : await this.reports.find(unit.parentId, date, m, true);
      const next = await this.decideOrThrow(m, actor, unit, date, current, WorkflowAction.REOPEN, parent?.status === ReportStatus.APPROVED);
      if (!(await this.reports.update(m, current!.id, current!.version, { status: next, set: { returnReason: ReturnReason.REOPENED, returnComment: reason } }))) {
        throw versionMismatch(current!.version, undefined);
      }
      if (parent?.status === ReportStatus.SUBMITTED) {
        const comment = `the report of ${unit.code} was reopened: ${reason}`;
        await this.reports.update(m, parent.id, parent.version, { status: ReportStatus.RETURNED, set: { returnReason: ReturnReason.REOPENED, returnComment: comment } });
        const after = await this.reports.find(unit.parentId!, date, m);
        await this.reports.appendAudit(m, {
          reportId: parent.id,
          actorId: userIdOf(actor),
          actor: actor.name,
          action: 'RETURN',
          reason: comment,
          version: after!.version,
          fromStatus: parent.status,
          toStatus: after!.status,
          before: parent.values,
          after: after!.values,
        });
      }
      return this.finish(m, actor, unit, date, current, 'REOPEN', reason);
    });
  }

  // ---- shared steps ----

  /** One save inside a transaction (also used row by row by the bulk import). */
  async saveIn(m: EntityManager, actor: Actor, unit: AdminUnit, period: string, values: IndicatorValue[], expectedVersion: number | 'current'): Promise<Report> {
    const date = periodToDate(period);
    const current = await this.reports.find(unit.id, date, m, true);
    const expected = expectedVersion === 'current' ? (current?.version ?? 0) : expectedVersion;
    this.checkVersion(current, expected);
    await this.decideOrThrow(m, actor, unit, date, current, WorkflowAction.SAVE);
    const userId = userIdOf(actor);
    let id: number;
    if (!current) {
      const inserted = await this.reports.insert(m, unit.id, date, ReportStatus.DRAFT, { savedBy: userId });
      if (inserted === undefined) throw versionMismatch(expected, 1);
      id = inserted;
    } else {
      const next = current.status === ReportStatus.RETURNED ? ReportStatus.RETURNED : ReportStatus.DRAFT;
      if (!(await this.reports.update(m, current.id, expected, { status: next, set: { editorId: userId, savedBy: userId } }))) {
        throw versionMismatch(expected, undefined);
      }
      id = current.id;
    }
    await this.reports.replaceValues(m, id, values);
    return this.finish(m, actor, unit, date, current, 'SAVE', null);
  }

  /** E1–E4 on the values of one unit; every failure together. */
  async checkedValues(values: IndicatorValue[], unit: AdminUnit): Promise<IndicatorValue[]> {
    const findings = await this.findingsFor(values, unit);
    if (findings.length > 0) throw validationFailed(findings, 'values');
    return values.map((v) => ({ indicator: v.indicator, value: v.value }));
  }

  async findingsFor(values: IndicatorValue[], unit: AdminUnit): Promise<RuleFinding[]> {
    const { byCode, list } = await this.indicators.catalogue();
    if (values.length > list.length * 2) {
      throw new ReportingError(ReportingErrorReason.INVALID_INPUT, `values: at most ${list.length * 2} entries (one per indicator), got ${values.length}`, { field: 'values' });
    }
    return validateForSave(values, byCode, unit.level);
  }

  /**
   * The unit a code names in a month, if the actor may see it (otherwise
   * NOT_FOUND, as if it did not exist) and, for a change, take that action
   * there (otherwise FORBIDDEN, before anything else is looked at).
   */
  async unitFor(actor: Actor, code: string, period: string | undefined, field = 'unitCode', action: 'READ' | 'ENTER' | 'APPROVE' = 'READ'): Promise<AdminUnit> {
    const unit = await this.tree.findUnit(code, period ?? null);
    if (!unit) throw notFound(normalizeUnitCode(code, field), field);
    requireScope(actor, unit, action, field);
    return unit;
  }

  /** A well-formed month; for changes, one that has ended. */
  endedPeriod(period: string, mustHaveEnded = true): string {
    parsePeriod(period);
    if (mustHaveEnded && !hasEnded(period)) {
      throw new ReportingError(ReportingErrorReason.FUTURE_PERIOD, `period: ${period} has not ended yet; reports are filed for months that have ended`, {
        field: 'period',
      });
    }
    return period;
  }

  /** The shared steps of a change: an ended month, a unit in scope, one transaction holding the report row's lock. */
  private async withLockedReport(
    actor: Actor,
    unitCode: string,
    periodInput: string,
    action: WorkflowAction,
    work: (m: EntityManager, unit: AdminUnit, date: string, current: Report | undefined, period: string) => Promise<Report>,
  ): Promise<Report> {
    const period = this.endedPeriod(periodInput);
    const unit = await this.unitFor(actor, unitCode, period, 'unitCode', PERMISSION[action]);
    return this.reports.transaction(async (m) => {
      const date = periodToDate(period);
      return work(m, unit, date, await this.reports.find(unit.id, date, m, true), period);
    });
  }

  private async simpleTransition(
    actor: Actor,
    unitCode: string,
    periodInput: string,
    action: WorkflowAction,
    expectedVersion: number,
    reason: string | null,
    change: (current: Report) => { status: ReportStatus; set: Parameters<ReportsRepository['update']>[3]['set']; current?: Report },
  ): Promise<Report> {
    return this.withLockedReport(actor, unitCode, periodInput, action, async (m, unit, date, current) => {
      this.checkVersion(current, expectedVersion);
      await this.decideOrThrow(m, actor, unit, date, current, action);
      const { status, set } = change(current!);
      if (!(await this.reports.update(m, current!.id, expectedVersion, { status, set }))) throw versionMismatch(expectedVersion, undefined);
      return this.finish(m, actor, unit, date, current, action, reason);
    });
  }

  private async decideOrThrow(
    m: EntityManager,
    actor: Actor,
    unit: AdminUnit,
    date: string,
    current: Report | undefined,
    action: WorkflowAction,
    parentApproved = false,
  ): Promise<ReportStatus> {
    const facts: TransitionFacts = {
      action,
      status: current?.status ?? null,
      permitted: may(actor, PERMISSION[action], unit),
      actorIsEditor: !!current && actor.kind === 'user' && (current.editorIds.includes(actor.id as number) || current.submittedById === actor.id),
      lockedByAncestor: await this.reports.anyApproved(m, unit.pathIds.slice(0, -1), date),
      parentApproved,
    };
    const d = decide(facts);
    if ('refused' in d) throw new WorkflowError(d.refused.category, d.refused.reason, d.refused.message);
    return d.next;
  }

  private checkVersion(current: Report | undefined, expected: number): void {
    if (!Number.isInteger(expected) || expected < 0) {
      throw new ReportingError(ReportingErrorReason.INVALID_INPUT, 'expectedVersion: the version you last read (0 for a new report)', { field: 'expectedVersion' });
    }
    if ((current?.version ?? 0) !== expected) throw versionMismatch(expected, current?.version);
  }

  /**
   * Reads the report as changed, records the action in the audit and, when the
   * rollups are affected (any status change), queues their update through the
   * outbox: all in the same transaction as the change.
   */
  private async finish(m: EntityManager, actor: Actor, unit: AdminUnit, date: string, before: Report | undefined, action: string, reason: string | null): Promise<Report> {
    const after = (await this.reports.find(unit.id, date, m))!;
    if (action === 'APPROVE') await this.reports.publishApprovedFigures(m, after.id, unit.id, date);
    if (action === 'REOPEN' && before?.status === ReportStatus.APPROVED) await this.reports.withdrawApprovedFigures(m, unit.id, date);
    if (action !== 'SAVE') {
      await this.outbox.add(m, RollupJob.UNIT_CHANGED, { unitId: unit.id, period: after.period });
      if (action === 'APPROVE' && unit.depth === 1) {
        await this.outbox.add(m, ProvincialReportJob.BUILD, { provinceId: unit.id, period: after.period, trigger: `signed off by ${actor.name}` });
      }
    }
    await this.reports.appendAudit(m, {
      reportId: after.id,
      actorId: actor.kind === 'user' ? (actor.id as number) : null,
      actor: actor.name,
      action,
      reason,
      version: after.version,
      fromStatus: before?.status ?? null,
      toStatus: after.status,
      before: before?.values ?? null,
      after: after.values,
    });
    return after;
  }

  private async transaction(actor: Actor, operation: string, key: string | null | undefined, request: unknown, work: (m: EntityManager) => Promise<Report>): Promise<Report> {
    if (key !== undefined && key !== null && (key.length < 1 || key.length > 200)) {
      throw new ReportingError(ReportingErrorReason.INVALID_INPUT, 'idempotencyKey: 1 to 200 characters', { field: 'idempotencyKey' });
    }
    return this.reports.transaction(async (m) => {
      if (!key) return work(m);
      const claim = await this.reports.claimIdempotencyKey(m, actor.name, key, operation, stableHash(request));
      if (!claim.claimed) {
        if (!claim.sameRequest) {
          throw new ReportingError(ReportingErrorReason.IDEMPOTENCY_KEY_REUSED, 'idempotencyKey: already used for a different request; use a new key for a new change', {
            field: 'idempotencyKey',
          });
        }
        return claim.response as Report;
      }
      const result = await work(m);
      await this.reports.storeIdempotentResponse(m, actor.name, key, result);
      return result;
    });
  }

  /** W1–W3 for a submission: outliers for every unit; subsidies and mandatory reports for counties. */
  private async warningsFor(m: EntityManager, unit: AdminUnit, date: string, values: IndicatorValue[]): Promise<RuleFinding[]> {
    const own = new Map(values.map((v) => [v.indicator, v.value]));
    const warnings = checkOutliers(own, await this.reports.approvedHistory(m, unit.id, date));
    if (unit.level === 'COUNTY') {
      const standards = await this.indicatorData.subsidyStandards(await this.provinceCode(m, unit), Number(date.slice(0, 4)), m);
      const villageIndicators = [...new Set([...standards.filter((s) => s.headcountSource === 'VILLAGES').map((s) => s.headcountIndicator), 'RISK_RED'])];
      const sums = await this.reports.approvedVillageSums(m, unit.pathIds.join('.'), date, villageIndicators);
      warnings.push(...checkSubsidies(own, sums, standards), ...checkMandatoryReports(own, sums));
    }
    return warnings;
  }

  /** Read inside the caller's transaction: a transaction never waits for a second connection. */
  private async provinceCode(m: EntityManager, unit: AdminUnit): Promise<string> {
    return unit.depth === 1 ? unit.code : this.reports.unitCode(m, unit.pathIds[0]!);
  }

  private pageKey(after: string | null | undefined): ReportPageKey | undefined {
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
}
