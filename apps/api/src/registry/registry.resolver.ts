import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { MonitoringService, RegistryBulkService, RegistryCountsService, RegistryService, type RegistryCounts } from '@carenet/registry';
import { ImportFormat } from '../reporting/report.types.js';
import { toConnection } from '../graphql/connection.js';
import { CurrentActor } from '../graphql/current-actor.js';
import { Period } from '../graphql/scalars.js';
import {
  AccessLogEntryType,
  ChildImportResultType,
  ExportChildrenInput,
  ImportChildrenInput,
  RegistryFileType,
  AccessPurpose,
  ChildFileType,
  ChildSummaryConnection,
  ChildSummaryType,
  CloseChildFileInput,
  CreateChildInput,
  FileStatusFilter,
  GradeTransitionType,
  HelperOverdueType,
  MonitoringEntryType,
  MonitoringSummaryType,
  RegistryMonitoringType,
  RecordVisitInput,
  RegistryCountsType,
  RegistryDifferenceType,
  TransferChildInput,
  UpdateChildInput,
} from './registry.types.js';
import { COST } from '../graphql/cost.js';

const shapeCounts = (c: RegistryCounts) => ({ unitCode: c.unit.code, unitName: c.unit.name, period: c.period, values: c.values, reportValues: c.reportValues, source: c.source });

/** Children's files (一人一档). Thin: each field calls one service method. */
@Resolver()
export class RegistryResolver {
  constructor(
    private readonly files: RegistryService,
    private readonly counts: RegistryCountsService,
  ) {}

  @Query(() => ChildSummaryConnection, { complexity: COST.SUBTREE, description: "Files living in a unit's subtree (county and below), by name; ID numbers masked. Not logged: no full file is opened." })
  async children(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID }) unitCode: string,
    @Args('nameContains', { type: () => String, nullable: true }) nameContains?: string | null,
    @Args('status', { type: () => FileStatusFilter, nullable: true, defaultValue: 'OPEN' }) status?: 'OPEN' | 'CLOSED' | 'ALL',
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ) {
    return toConnection(await this.files.listChildren(actor, { unitCode, nameContains, status, first, after }));
  }

  @Query(() => ChildFileType, { complexity: COST.QUERY, description: 'Opens a full file (identifiers decrypted): written to the access log with the purpose. `asOf`: the file as it stood at the end of that month.' })
  childFile(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('purpose', { type: () => AccessPurpose }) purpose: string,
    @Args('asOf', { type: () => Period, nullable: true }) asOf?: string | null,
    @Args('note', { type: () => String, nullable: true }) note?: string | null,
  ) {
    return this.files.childFile(actor, id, purpose, asOf, note);
  }

  @Query(() => ChildSummaryType, { complexity: COST.QUERY, nullable: true, description: 'The file of an ID number within your area (masked), found by its keyed hash; null otherwise.' })
  childByIdNumber(@CurrentActor() actor: Actor, @Args('idNumber') idNumber: string) {
    return this.files.childByIdNumber(actor, idNumber);
  }

  @Query(() => [AccessLogEntryType], { complexity: COST.QUERY, description: 'Who opened a file, when and why (newest first).' })
  childAccessLog(@CurrentActor() actor: Actor, @Args('childId', { type: () => ID }) childId: string, @Args('first', { type: () => Int, nullable: true }) first?: number | null) {
    return this.files.accessLog(actor, childId, first);
  }

  @Query(() => RegistryCountsType, { complexity: COST.SUBTREE, description: "The registry's counts for a unit and month (as of its last day); API keys and officials above the county get these, never names." })
  async registryCounts(@CurrentActor() actor: Actor, @Args('unitCode', { type: () => ID }) unitCode: string, @Args('period', { type: () => Period }) period: string) {
    return shapeCounts(await this.counts.registryCounts(actor, unitCode, period));
  }

  @Query(() => [RegistryDifferenceType], { complexity: COST.SUBTREE, description: "Submitted and approved reports in a unit's subtree whose figures differ from the registry's." })
  registryDifferences(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID }) unitCode: string,
    @Args('period', { type: () => Period }) period: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
  ) {
    return this.counts.differences(actor, unitCode, period, first);
  }

  @Mutation(() => ChildSummaryType, { complexity: COST.QUERY, description: 'Opens a file. A second file for the same ID number is refused (CONFLICT / DUPLICATE_ID_NUMBER) without saying where the first is.' })
  createChild(@CurrentActor() actor: Actor, @Args('input') input: CreateChildInput) {
    return this.files.createChild(actor, input);
  }

  @Mutation(() => ChildSummaryType, { complexity: COST.QUERY })
  updateChild(@CurrentActor() actor: Actor, @Args('input') input: UpdateChildInput) {
    return this.files.updateChild(actor, input);
  }

  @Mutation(() => ChildSummaryType, { complexity: COST.QUERY })
  recordVisit(@CurrentActor() actor: Actor, @Args('input') input: RecordVisitInput) {
    return this.files.recordVisit(actor, input);
  }

  @Mutation(() => ChildSummaryType, { complexity: COST.QUERY, description: 'The family moved: the file, with its history, goes to the new village (which may be outside your area).' })
  transferChild(@CurrentActor() actor: Actor, @Args('input') input: TransferChildInput) {
    return this.files.transferChild(actor, input);
  }

  @Mutation(() => ChildSummaryType, { complexity: COST.QUERY, description: 'Closes the file (exit); it stays, with its history.' })
  closeChildFile(@CurrentActor() actor: Actor, @Args('input') input: CloseChildFileInput) {
    return this.files.closeChildFile(actor, input);
  }
}

type MonitoringParent = { unitCode: string; period: string };

/** registryMonitoring: each field is one statement, checked on its own (counts vs names). */
@Resolver(() => RegistryMonitoringType)
export class RegistryMonitoringResolver {
  constructor(private readonly monitoring: MonitoringService) {}

  @Query(() => RegistryMonitoringType, { complexity: COST.QUERY })
  registryMonitoring(@CurrentActor() actor: Actor, @Args('unitCode', { type: () => ID }) unitCode: string, @Args('period', { type: () => Period }) period: string): Promise<MonitoringParent> {
    return this.monitoring.check(actor, unitCode, period);
  }

  @ResolveField(() => [GradeTransitionType], { complexity: COST.SUBTREE })
  gradeTransitions(@CurrentActor() actor: Actor, @Parent() p: MonitoringParent) {
    return this.monitoring.gradeTransitions(actor, p.unitCode, p.period);
  }

  @ResolveField(() => MonitoringSummaryType, { complexity: COST.SUBTREE })
  summary(@CurrentActor() actor: Actor, @Parent() p: MonitoringParent) {
    return this.monitoring.summary(actor, p.unitCode, p.period);
  }

  @ResolveField(() => [MonitoringEntryType], { complexity: COST.SUBTREE, description: "Grade not reassessed within its cadence by the month's end (never graded: due since opening)." })
  reassessmentsDue(@CurrentActor() actor: Actor, @Parent() p: MonitoringParent, @Args('first', { type: () => Int, nullable: true }) first?: number | null) {
    return this.monitoring.list(actor, 'reassessments', p.unitCode, p.period, first);
  }

  @ResolveField(() => [HelperOverdueType], { complexity: COST.SUBTREE })
  visitsOverdue(@CurrentActor() actor: Actor, @Parent() p: MonitoringParent) {
    return this.monitoring.visitsOverdueByHelper(actor, p.unitCode, p.period);
  }

  @ResolveField(() => [MonitoringEntryType], { complexity: COST.SUBTREE })
  turning18NextMonth(@CurrentActor() actor: Actor, @Parent() p: MonitoringParent, @Args('first', { type: () => Int, nullable: true }) first?: number | null) {
    return this.monitoring.list(actor, 'turning18', p.unitCode, p.period, first);
  }

  @ResolveField(() => [MonitoringEntryType], { complexity: COST.SUBTREE })
  withoutHelper(@CurrentActor() actor: Actor, @Parent() p: MonitoringParent, @Args('first', { type: () => Int, nullable: true }) first?: number | null) {
    return this.monitoring.list(actor, 'withoutHelper', p.unitCode, p.period, first);
  }
}

/** Ledgers in, a county's files out. */
@Resolver()
export class RegistryBulkResolver {
  constructor(private readonly bulk: RegistryBulkService) {}

  @Query(() => RegistryFileType, { complexity: COST.QUERY, description: 'The ledger template (header and one example row).' })
  async childImportTemplate(@CurrentActor() _actor: Actor, @Args('format', { type: () => ImportFormat }) format: 'CSV' | 'XLSX') {
    const data = await this.bulk.template(format);
    return { filename: `children-template.${format.toLowerCase()}`, contentBase64: data.toString('base64') };
  }

  @Mutation(() => ChildImportResultType, { complexity: COST.FILE, description: 'Files from an existing ledger; every row checked as createChild, problems per row and field.' })
  importChildren(@CurrentActor() actor: Actor, @Args('input') input: ImportChildrenInput) {
    return this.bulk.importChildren(actor, input);
  }

  @Mutation(() => RegistryFileType, { complexity: COST.FILE, description: "A county's files as CSV (identifiers decrypted): administrators only, with a reason; logged per file." })
  exportChildren(@CurrentActor() actor: Actor, @Args('input') input: ExportChildrenInput) {
    return this.bulk.exportChildren(actor, input);
  }
}
