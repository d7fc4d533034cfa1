import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { UnitLevel, type AdminUnit } from '@carenet/admin-tree';
import { diffValues, ReportImportService, ReportQueriesService, ReportsService, ReportStatus, type Report } from '@carenet/reporting';
import { AdminUnitType } from '../admin-tree/admin-unit.types.js';
import { toConnection } from '../graphql/connection.js';
import type { GqlContext } from '../graphql/context.js';
import { CurrentActor } from '../graphql/current-actor.js';
import { Period } from '../graphql/scalars.js';
import {
  ApproveReportInput,
  AuditEntryType,
  ExemptReportInput,
  ImportFormat,
  ImportReportsInput,
  ImportResultType,
  ImportTemplateType,
  ReopenReportInput,
  ReportConnection,
  ReportType,
  ReturnReportInput,
  SaveReportInput,
  SubmitReportInput,
} from './report.types.js';
import { COST } from '../graphql/cost.js';

@Resolver(() => ReportType)
export class ReportResolver {
  constructor(
    private readonly service: ReportsService,
    private readonly queries: ReportQueriesService,
    private readonly imports: ReportImportService,
  ) {}

  @Query(() => ReportType, { complexity: COST.QUERY, nullable: true, description: "A unit's report for a month; null when none was started." })
  report(@CurrentActor() actor: Actor, @Args('unitCode', { type: () => ID }) unitCode: string, @Args('period', { type: () => Period }) period: string) {
    return this.queries.getReport(actor, unitCode, period);
  }

  @Query(() => ReportConnection, { complexity: COST.QUERY, description: 'Reports of a unit and every unit below it (an approver’s inbox), newest month first.' })
  async reports(
    @CurrentActor() actor: Actor,
    @Args('underUnit', { type: () => ID }) underUnit: string,
    @Args('period', { type: () => Period, nullable: true }) period?: string,
    @Args('status', { type: () => ReportStatus, nullable: true }) status?: ReportStatus,
    @Args('first', { nullable: true, type: () => Int }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return toConnection(await this.queries.listReports(actor, { underUnit, period, status, first, after }));
  }

  @Query(() => ReportConnection, {
    complexity: COST.QUERY,
    description: 'The approval inbox: reports SUBMITTED by the units the caller approves (its unit’s children; a province’s own report for its approver), deadline first, then unit code. Empty for anyone who is not an approver.',
  })
  async approvalInbox(
    @CurrentActor() actor: Actor,
    @Args('period', { type: () => Period, nullable: true }) period?: string,
    @Args('first', { nullable: true, type: () => Int }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return toConnection(await this.queries.approvalInbox(actor, { period, first, after }));
  }

  @Query(() => [AuditEntryType], { complexity: COST.QUERY, description: 'Every action on a report: who, when, what, the values before and after.' })
  auditTrail(@CurrentActor() actor: Actor, @Args('unitCode', { type: () => ID }) unitCode: string, @Args('period', { type: () => Period }) period: string) {
    return this.queries.auditTrail(actor, unitCode, period);
  }

  @Query(() => ImportTemplateType, { complexity: COST.FILE, description: 'A CSV or XLSX to fill in for importReports: the units of a level under a parent (villages by default).' })
  async importTemplate(
    @CurrentActor() actor: Actor,
    @Args('parentCode', { type: () => ID }) parentCode: string,
    @Args('format', { type: () => ImportFormat }) format: ImportFormat,
    @Args('level', { type: () => UnitLevel, nullable: true }) level?: UnitLevel,
  ) {
    const t = await this.imports.template(actor, { parentCode, format, level });
    return { filename: t.filename, contentBase64: t.content.toString('base64') };
  }

  @Mutation(() => ReportType, { complexity: COST.QUERY })
  saveReport(@CurrentActor() actor: Actor, @Args('input') input: SaveReportInput) {
    return this.service.saveReport(actor, input);
  }

  @Mutation(() => ReportType, { complexity: COST.QUERY })
  submitReport(@CurrentActor() actor: Actor, @Args('input') input: SubmitReportInput) {
    return this.service.submitReport(actor, input);
  }

  @Mutation(() => ReportType, { complexity: COST.QUERY })
  approveReport(@CurrentActor() actor: Actor, @Args('input') input: ApproveReportInput) {
    return this.service.approveReport(actor, input);
  }

  @Mutation(() => ReportType, { complexity: COST.QUERY })
  returnReport(@CurrentActor() actor: Actor, @Args('input') input: ReturnReportInput) {
    return this.service.returnReport(actor, input);
  }

  @Mutation(() => ReportType, { complexity: COST.QUERY })
  reopenReport(@CurrentActor() actor: Actor, @Args('input') input: ReopenReportInput) {
    return this.service.reopenReport(actor, input);
  }

  @Mutation(() => ReportType, { complexity: COST.QUERY })
  exemptReport(@CurrentActor() actor: Actor, @Args('input') input: ExemptReportInput) {
    return this.service.exemptReport(actor, input);
  }

  @Mutation(() => ImportResultType, { complexity: COST.FILE })
  importReports(@CurrentActor() actor: Actor, @Args('input') input: ImportReportsInput) {
    return this.imports.importReports(actor, input);
  }

  @ResolveField(() => AdminUnitType, { complexity: COST.BATCHED })
  unit(@Parent() report: Report, @Context() ctx: GqlContext) {
    return ctx.loaders.tree.byId.load(report.unitId);
  }

  @ResolveField({ complexity: COST.FREE })
  changesSinceApproved(@Parent() report: Report) {
    return report.approvedValues ? diffValues(report.approvedValues, report.values) : [];
  }

  @ResolveField({ complexity: COST.BATCHED })
  actions(@Parent() report: Report, @CurrentActor() actor: Actor, @Context() ctx: GqlContext) {
    return ctx.loaders.reports.actions(actor).load(report);
  }

  @ResolveField({ complexity: COST.BATCHED })
  dueAt(@Parent() report: Report, @Context() ctx: GqlContext) {
    return ctx.loaders.reports.dueAt.load(report);
  }
}

/** AdminUnit.report(period): the unit is already visible, so its report is too. */
@Resolver(() => AdminUnitType)
export class AdminUnitReportResolver {
  @ResolveField(() => ReportType, { complexity: COST.BATCHED, nullable: true })
  report(@Parent() unit: AdminUnit, @Args('period', { type: () => Period }) period: string, @Context() ctx: GqlContext) {
    return ctx.loaders.reports.byUnitAndPeriod.load(`${unit.id}|${period}`);
  }
}
