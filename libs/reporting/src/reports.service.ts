import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, dateToPeriod, pushTo, may, periodToDate, requireEnded, requireScope, userIdOf, type Action, type Actor, type Clock, type Violation } from '@carenet/core';
import { AdminTreeService, type AdminUnit } from '@carenet/admin-tree';
import { Transactions } from '@carenet/database';
import { IndicatorsRepository, IndicatorsService, type IndicatorValue } from '@carenet/indicators';
import { OutboxRepository, ProvincialReportJob, RollupJob } from '@carenet/queue';
import { checkRegistryDifference, RegistryCountsService } from '@carenet/registry';
import { IdempotencyService } from './idempotency.service.js';
import { actorIsEditor, ReportStatus, ReturnReason, type Explanation, type Report } from './report.js';
import { ReportingError, ReportingErrorReason, WorkflowError } from './reporting.errors.js';
import { ReportsRepository, type AuditAppend, type ReportChange } from './reports.repository.js';
import { checkMandatoryReports, checkOutliers, checkSubsidies, unexplained, validateForSave } from './validation.js';
import type { RuleFinding } from './violation.js';
import { decide, Effect, effectsOf, isLate, nextStatus, PERMISSION, submitNeedsChildrenDone, WorkflowAction } from './workflow.js';

const MAX_TEXT = 2000;
/** The reasons an approver may choose when returning a report (REOPENED is set by reopening, never chosen). */
export const RETURN_REASONS: readonly ReturnReason[] = [ReturnReason.WRONG_FIGURES, ReturnReason.MISSING_EXPLANATION, ReturnReason.INCONSISTENT_WITH_REGISTRY, ReturnReason.OTHER];

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

function versionMismatch(expected: number, actual: number | undefined): ReportingError {
  return new ReportingError(
    ReportingErrorReason.VERSION_MISMATCH,
    `expectedVersion: the report is at version ${actual ?? 0}, not ${expected}; someone changed it meanwhile — reload it and apply your change again`,
    { field: 'expectedVersion', currentVersion: actual ?? 0 },
  );
}

function checkedVersion(expected: number): number {
  if (!Number.isInteger(expected) || expected < 0) {
    throw new ReportingError(ReportingErrorReason.INVALID_INPUT, 'expectedVersion: the version you last read (0 for a new report)', { field: 'expectedVersion' });
  }
  return expected;
}

/** One change of one report, as the workflow sees it. */
interface Step {
  action: WorkflowAction;
  /** The version the client last read; 'current' for the bulk import (it replaces whatever is there); none for reopen and exempt. */
  expectedVersion?: number | 'current';
  /** What the audit records as the reason. */
  reason?: string | null;
  /** Checks that need the locked report and the decided status (children done, warnings explained), and the fields to set. */
  fields: (m: EntityManager, unit: AdminUnit, date: string, current: Report | undefined, period: string) => Promise<ReportChange['set']>;
  /** For a save: the new values (checked E1–E4 once the change is allowed). */
  values?: IndicatorValue[];
}

/**
 * The changes of monthly reports. Every change is one transaction holding the
 * report row's lock: the workflow's decide() gives the next status or the
 * refusal, the effects table says what else the change causes, and the audit
 * records it, all in that transaction.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly tree: AdminTreeService,
    private readonly indicators: IndicatorsService,
    private readonly indicatorData: IndicatorsRepository,
    private readonly outbox: OutboxRepository,
    private readonly transactions: Transactions,
    private readonly idempotency: IdempotencyService,
    private readonly registry: RegistryCountsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async saveReport(
    actor: Actor,
    input: { unitCode: string; period: string; values: IndicatorValue[]; expectedVersion: number; idempotencyKey?: string | null },
  ): Promise<Report> {
    const period = this.endedPeriod(input.period);
    const unit = await this.unitFor(actor, input.unitCode, period);
    const expectedVersion = checkedVersion(input.expectedVersion);
    this.checkValueCount(input.values, (await this.indicators.catalogue(period)).list.length);
    const values = input.values.map((v) => ({ indicator: v.indicator, value: v.value }));
    const request = { unit: unit.id, period, values: [...values].sort((a, b) => a.indicator.localeCompare(b.indicator)), expectedVersion };
    return this.idempotency.once(actor, 'saveReport', input.idempotencyKey, request, (m) => this.saveIn(m, actor, unit, period, values, expectedVersion));
  }

  async submitReport(actor: Actor, input: { unitCode: string; period: string; expectedVersion: number; explanations?: Explanation[] | null }): Promise<Report> {
    const explanations = (input.explanations ?? []).map((e, i) => ({
      rule: String(e.rule).trim(),
      indicator: String(e.indicator).trim(),
      text: requireText(e.text, `explanations[${i}].text`),
    }));
    return this.change(actor, input.unitCode, input.period, {
      action: WorkflowAction.SUBMIT,
      expectedVersion: checkedVersion(input.expectedVersion),
      fields: async (m, unit, date, current, period) => {
        if (submitNeedsChildrenDone(unit.depth)) await this.requireChildrenDone(m, unit, date, period);
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
        const late = isLate(period, await this.indicatorData.deadlineDays(await this.provinceCode(m, unit), unit.level, date, m), this.clock.now());
        const userId = userIdOf(actor);
        return { editorId: userId, submittedBy: userId, late, warnings, explanations: kept, returnReason: null, returnComment: null };
      },
    });
  }

  approveReport(actor: Actor, input: { unitCode: string; period: string; expectedVersion: number }): Promise<Report> {
    return this.change(actor, input.unitCode, input.period, {
      action: WorkflowAction.APPROVE,
      expectedVersion: checkedVersion(input.expectedVersion),
      fields: async () => ({ approvedBy: userIdOf(actor), approvedValuesFromCurrent: true }),
    });
  }

  returnReport(actor: Actor, input: { unitCode: string; period: string; expectedVersion: number; reasonCode: string; comment: string }): Promise<Report> {
    if (!RETURN_REASONS.includes(input.reasonCode as ReturnReason)) {
      throw new ReportingError(ReportingErrorReason.INVALID_INPUT, `reasonCode: one of ${RETURN_REASONS.join(', ')}`, { field: 'reasonCode' });
    }
    const comment = requireText(input.comment, 'comment');
    return this.change(actor, input.unitCode, input.period, {
      action: WorkflowAction.RETURN,
      expectedVersion: checkedVersion(input.expectedVersion),
      reason: `${input.reasonCode}: ${comment}`,
      fields: async () => ({ returnReason: input.reasonCode, returnComment: comment }),
    });
  }

  exemptReport(actor: Actor, input: { unitCode: string; period: string; reason: string }): Promise<Report> {
    const reason = requireText(input.reason, 'reason');
    return this.change(actor, input.unitCode, input.period, { action: WorkflowAction.EXEMPT, reason, fields: async () => ({ exemptReason: reason }) });
  }

  /** Reopens an approved (or exempted) report while its parent's is not approved; a submitted parent goes back too. */
  reopenReport(actor: Actor, input: { unitCode: string; period: string; reason: string }): Promise<Report> {
    const reason = requireText(input.reason, 'reason');
    return this.change(actor, input.unitCode, input.period, {
      action: WorkflowAction.REOPEN,
      reason,
      fields: async () => ({ returnReason: ReturnReason.REOPENED, returnComment: reason }),
    });
  }

  /** One save inside the caller's transaction. */
  async saveIn(m: EntityManager, actor: Actor, unit: AdminUnit, period: string, values: IndicatorValue[], expectedVersion: number | 'current'): Promise<Report> {
    return this.changeIn(m, actor, unit, period, this.saveStep(actor, values, expectedVersion));
  }

  /**
   * The saves of many units' reports for one month inside the caller's
   * transaction (the bulk import, which replaces whatever is there): the same
   * plan as `saveIn` (`planned`: decide(), E1–E4, fields, effects) and audit, written in a few
   * statements for all of them. The reports are locked in unit order. Each
   * row is refused on its own (the answer holds the error in its place), so
   * the caller decides whether one refusal undoes the rest. One row per unit.
   */
  async saveManyIn(m: EntityManager, actor: Actor, period: string, rows: { unit: AdminUnit; values: IndicatorValue[] }[]): Promise<(Report | Error)[]> {
    const date = periodToDate(period);
    if (new Set(rows.map((r) => r.unit.id)).size !== rows.length) throw new Error('saveManyIn: one row per unit');
    const out: (Report | Error | undefined)[] = rows.map(() => undefined);
    const current = new Map((await this.reports.findManyIn(m, rows.map((r) => r.unit.id), date, true)).map((r) => [r.unitId, r]));
    const approved = await this.reports.approvedAmong(m, [...new Set(rows.flatMap((r) => r.unit.pathIds.slice(0, -1)))], date);
    // what each allowed row writes, grouped by the fields it sets (for a save, every row sets the same)
    const writes = new Map<string, { set: ReportChange['set']; rows: { i: number; next: ReportStatus }[] }>();
    const rollups: number[] = [];
    for (const [i, r] of rows.entries()) {
      const before = current.get(r.unit.id);
      const step = this.saveStep(actor, r.values, 'current');
      try {
        const lockedByAncestor = r.unit.pathIds.slice(0, -1).some((id) => approved.has(id));
        const { next, set, effects } = await this.planned(m, actor, r.unit, period, step, before, before?.version ?? 0, lockedByAncestor, undefined);
        for (const effect of effects) {
          if (effect !== Effect.ROLLUP) throw new Error(`${effect}: not carried out for many reports at once`);
          rollups.push(i);
        }
        const key = JSON.stringify(set);
        const group = writes.get(key) ?? { set, rows: [] };
        group.rows.push({ i, next });
        writes.set(key, group);
      } catch (e) {
        out[i] = e as Error;
      }
    }
    const saved: { i: number; reportId: number }[] = [];
    for (const { set, rows: group } of writes.values()) {
      const fresh = group.filter((g) => !current.has(rows[g.i]!.unit.id));
      const byStatus = new Map<ReportStatus, typeof fresh>();
      for (const g of fresh) pushTo(byStatus, g.next, g);
      for (const [status, list] of byStatus) {
        const made = await this.reports.insertMany(m, list.map((g) => rows[g.i]!.unit.id), date, status, set);
        for (const g of list) {
          const id = made.get(rows[g.i]!.unit.id);
          if (id === undefined) out[g.i] = versionMismatch(0, 1);
          else saved.push({ i: g.i, reportId: id });
        }
      }
      const known = group.filter((g) => current.has(rows[g.i]!.unit.id));
      const applied = await this.reports.updateMany(
        m,
        known.map((g) => {
          const before = current.get(rows[g.i]!.unit.id)!;
          return { id: before.id, version: before.version, status: g.next };
        }),
        set,
      );
      for (const g of known) {
        const before = current.get(rows[g.i]!.unit.id)!;
        if (applied.has(Number(before.id))) saved.push({ i: g.i, reportId: before.id });
        else out[g.i] = versionMismatch(before.version, undefined);
      }
    }
    saved.sort((a, b) => a.i - b.i);
    await this.reports.replaceValuesMany(
      m,
      saved.map((x) => ({ reportId: x.reportId, values: rows[x.i]!.values })),
    );
    const after = new Map((await this.reports.findManyIn(m, saved.map((x) => rows[x.i]!.unit.id), date)).map((r) => [r.unitId, r]));
    for (const x of saved) out[x.i] = after.get(rows[x.i]!.unit.id)!;
    await this.outbox.addMany(
      m,
      RollupJob.UNIT_CHANGED,
      rollups.filter((i) => !(out[i] instanceof Error)).map((i) => ({ unitId: rows[i]!.unit.id, period })),
    );
    await this.reports.appendAuditMany(
      m,
      saved.map((x) => this.auditEntry(actor, after.get(rows[x.i]!.unit.id)!, current.get(rows[x.i]!.unit.id), WorkflowAction.SAVE, null)),
    );
    return out.map((o) => o!);
  }

  private saveStep(actor: Actor, values: IndicatorValue[], expectedVersion: number | 'current'): Step {
    return {
      action: WorkflowAction.SAVE,
      expectedVersion,
      values,
      fields: async () => ({ editorId: userIdOf(actor), savedBy: userIdOf(actor) }),
    };
  }

  /** E1–E4 on the values of one unit; every failure together. */
  async findingsFor(values: IndicatorValue[], unit: AdminUnit, period: string): Promise<RuleFinding[]> {
    const { byCode, list } = await this.indicators.catalogue(period);
    this.checkValueCount(values, list.length);
    return validateForSave(values, byCode, unit.level);
  }

  /**
   * The unit a code names in a month, if the actor may see it (otherwise
   * NOT_FOUND, as if it did not exist). Workflow changes leave the right to
   * act to decide(); the bulk import asks for ENTER on the parent here.
   */
  async unitFor(actor: Actor, code: string, period: string | undefined, field = 'unitCode', action: Action = 'READ'): Promise<AdminUnit> {
    const unit = await this.tree.visibleUnit(actor, code, period, field);
    if (action !== 'READ') requireScope(actor, unit, action, field);
    return unit;
  }

  /** A well-formed month that has ended (changes are for ended months only). */
  endedPeriod(period: string): string {
    return requireEnded(period, this.clock.now());
  }

  // ---- the one path of every change ----

  private async change(actor: Actor, unitCode: string, periodInput: string, step: Step): Promise<Report> {
    const period = this.endedPeriod(periodInput);
    const unit = await this.unitFor(actor, unitCode, period);
    return this.transactions.run((m) => this.changeIn(m, actor, unit, period, step));
  }

  /**
   * Locks the report, plans the change (`planned`), writes the new status with
   * a guarded UPDATE, carries out the effects and appends the audit.
   */
  private async changeIn(m: EntityManager, actor: Actor, unit: AdminUnit, period: string, step: Step): Promise<Report> {
    const date = periodToDate(period);
    const current = await this.reports.find(unit.id, date, m, true);
    const expected = step.expectedVersion === 'current' ? (current?.version ?? 0) : step.expectedVersion;
    const parent = step.action === WorkflowAction.REOPEN && unit.parentId !== null ? await this.reports.find(unit.parentId, date, m, true) : undefined;
    const lockedByAncestor = await this.reports.anyApproved(m, unit.pathIds.slice(0, -1), date);
    const { next, set, effects } = await this.planned(m, actor, unit, period, step, current, expected, lockedByAncestor, parent);
    let id = current?.id;
    if (!current) {
      id = await this.reports.insert(m, unit.id, date, next, set);
      if (id === undefined) throw versionMismatch(expected ?? 0, 1);
    } else if (!(await this.reports.update(m, current.id, current.version, { status: next, set }))) {
      throw versionMismatch(expected ?? current.version, undefined);
    }
    if (step.values) await this.reports.replaceValues(m, id!, step.values);
    const after = (await this.reports.find(unit.id, date, m))!;
    for (const effect of effects) {
      await this.carryOut(effect, m, actor, unit, after, parent, step.reason ?? null);
    }
    await this.audit(m, actor, after, current, step.action, step.reason ?? null);
    return after;
  }

  /**
   * What a change of one report does, decided on the locked report before anything is written (one path for
   * `changeIn` and `saveManyIn`): decide() (permission, version, transition, lock, self-approval, parent),
   * E1–E4 on the values, the step's own checks and fields, and the effects to carry out after the write.
   */
  private async planned(
    m: EntityManager,
    actor: Actor,
    unit: AdminUnit,
    period: string,
    step: Step,
    current: Report | undefined,
    expected: number | undefined,
    lockedByAncestor: boolean,
    parent: Report | undefined,
  ): Promise<{ next: ReportStatus; set: ReportChange['set']; effects: Effect[] }> {
    const next = this.decided(actor, unit, step, current, expected, lockedByAncestor, parent);
    if (step.values) {
      const findings = await this.findingsFor(step.values, unit, period);
      if (findings.length > 0) throw validationFailed(findings, 'values');
    }
    const set = await step.fields(m, unit, periodToDate(period), current, period);
    const effects = effectsOf(step.action, { from: current?.status ?? null, depth: unit.depth, parentStatus: parent?.status ?? null });
    return { next, set, effects };
  }

  /** decide() on the facts of one change: the next status, or the refusal thrown as its error. */
  private decided(actor: Actor, unit: AdminUnit, step: Step, current: Report | undefined, expected: number | undefined, lockedByAncestor: boolean, parent: Report | undefined): ReportStatus {
    const decision = decide({
      action: step.action,
      status: current?.status ?? null,
      permitted: may(actor, PERMISSION[step.action], unit),
      versionMatches: expected === undefined ? undefined : (current?.version ?? 0) === expected,
      actorIsEditor: actorIsEditor(actor, current),
      lockedByAncestor,
      parentApproved: parent?.status === ReportStatus.APPROVED,
    });
    if ('refused' in decision) {
      if (decision.refused.reason === ReportingErrorReason.VERSION_MISMATCH) throw versionMismatch(expected!, current?.version);
      throw new WorkflowError(decision.refused.category, decision.refused.reason, decision.refused.message);
    }
    return decision.next;
  }

  private async carryOut(effect: Effect, m: EntityManager, actor: Actor, unit: AdminUnit, after: Report, parent: Report | undefined, reason: string | null): Promise<void> {
    const date = periodToDate(after.period);
    switch (effect) {
      case Effect.PUBLISH_FIGURES:
        return this.reports.publishApprovedFigures(m, after.id, unit.id, date);
      case Effect.WITHDRAW_FIGURES:
        return this.reports.withdrawApprovedFigures(m, unit.id, date);
      case Effect.ROLLUP:
        return void (await this.outbox.add(m, RollupJob.UNIT_CHANGED, { unitId: unit.id, period: after.period }));
      case Effect.BUILD_PROVINCIAL_REPORT:
        return void (await this.outbox.add(m, ProvincialReportJob.BUILD, { provinceId: unit.id, period: after.period, trigger: `signed off by ${actor.name}` }));
      case Effect.RETURN_SUBMITTED_PARENT: {
        const comment = `the report of ${unit.code} was reopened: ${reason ?? ''}`;
        const status = nextStatus(WorkflowAction.RETURN, parent!.status)!;
        await this.reports.update(m, parent!.id, parent!.version, { status, set: { returnReason: ReturnReason.REOPENED, returnComment: comment } });
        const parentAfter = (await this.reports.find(unit.parentId!, date, m))!;
        // the parent's rollups are recomputed by the unit's rollup job, which walks up its ancestors
        return this.audit(m, actor, parentAfter, parent, WorkflowAction.RETURN, comment);
      }
    }
  }

  private async audit(m: EntityManager, actor: Actor, after: Report, before: Report | undefined, action: WorkflowAction, reason: string | null): Promise<void> {
    await this.reports.appendAudit(m, this.auditEntry(actor, after, before, action, reason));
  }

  private auditEntry(actor: Actor, after: Report, before: Report | undefined, action: WorkflowAction, reason: string | null): AuditAppend {
    return {
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
    };
  }

  private checkValueCount(values: IndicatorValue[], indicators: number): void {
    if (values.length > indicators * 2) {
      throw new ReportingError(ReportingErrorReason.INVALID_INPUT, `values: at most ${indicators * 2} entries (one per indicator), got ${values.length}`, { field: 'values' });
    }
  }

  private async requireChildrenDone(m: EntityManager, unit: AdminUnit, date: string, period: string): Promise<void> {
    const missing = await this.reports.childrenNotDone(m, unit.id, date);
    if (missing.total > 0) {
      throw new ReportingError(
        ReportingErrorReason.CHILDREN_NOT_APPROVED,
        `${missing.total} child unit(s) have no approved or exempted report for ${period}: ${missing.codes.join(', ')}${missing.total > missing.codes.length ? ', …' : ''}`,
        { missing: missing.total, units: missing.codes },
      );
    }
  }

  /** W1–W4 for a submission: outliers for every unit; subsidies and mandatory reports for counties; figures that differ from the registry's files (where the county keeps them). */
  private async warningsFor(m: EntityManager, unit: AdminUnit, date: string, values: IndicatorValue[]): Promise<RuleFinding[]> {
    const own = new Map(values.map((v) => [v.indicator, v.value]));
    const warnings = checkOutliers(own, await this.reports.approvedHistory(m, unit.id, date));
    if (unit.level === 'COUNTY') {
      const standards = await this.indicatorData.subsidyStandards(await this.provinceCode(m, unit), date, m);
      const villageIndicators = [...new Set([...standards.filter((s) => s.headcountSource === 'VILLAGES').map((s) => s.headcountIndicator), 'RISK_RED'])];
      const sums = await this.reports.approvedVillageSums(m, unit.pathIds.join('.'), date, villageIndicators);
      warnings.push(...checkSubsidies(own, sums, standards), ...checkMandatoryReports(own, sums));
    }
    const fromFiles = await this.registry.figuresForReport(unit.id, dateToPeriod(date));
    if (fromFiles) {
      warnings.push(...checkRegistryDifference(values, fromFiles).map((v): RuleFinding => ({ rule: 'W4', severity: 'WARNING', indicators: v.indicators ?? [], message: v.message })));
    }
    return warnings;
  }

  /** Read inside the caller's transaction: a transaction never waits for a second connection. */
  private async provinceCode(m: EntityManager, unit: AdminUnit): Promise<string> {
    return unit.depth === 1 ? unit.code : this.reports.unitCode(m, unit.pathIds[0]!);
  }
}
