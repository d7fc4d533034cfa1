import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  ACCESS_PURPOSES,
  CATEGORIES,
  CATEGORY_STATUSES,
  EXIT_REASONS,
  FILE_CAPABILITIES,
  FACT_FIELDS,
  GRADES,
  GUARDIAN_RELATIONS,
  HELPER_ROLES,
  SEXES,
  VISIT_KINDS,
} from '@carenet/registry';
import { ConnectionType } from '../graphql/connection.js';
import { DateTime, Period, SafeInt } from '../graphql/scalars.js';
import { ImportFormat, ImportMode, IndicatorValueType } from '../reporting/report.types.js';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RiskGrade = asEnum(GRADES);
registerEnumType(RiskGrade, { name: 'RiskGrade', description: 'Red: act now; orange: serious difficulty; yellow: some risk; green: stable.' });
export const ChildCategory = asEnum(CATEGORIES);
registerEnumType(ChildCategory, { name: 'ChildCategory' });
export const CategoryStatus = asEnum(CATEGORY_STATUSES);
registerEnumType(CategoryStatus, { name: 'CategoryStatus', description: 'ENDED closes the category from the effective day (input only).' });
export const FileFact = asEnum(FACT_FIELDS);
registerEnumType(FileFact, { name: 'FileFact' });
export const ExitReason = asEnum(EXIT_REASONS);
registerEnumType(ExitReason, { name: 'ExitReason' });
export const HelperRole = asEnum(HELPER_ROLES);
registerEnumType(HelperRole, { name: 'HelperRole' });
export const GuardianRelation = asEnum(GUARDIAN_RELATIONS);
registerEnumType(GuardianRelation, { name: 'GuardianRelation' });
export const VisitKind = asEnum(VISIT_KINDS);
registerEnumType(VisitKind, { name: 'VisitKind' });
export const AccessPurpose = asEnum(ACCESS_PURPOSES);
registerEnumType(AccessPurpose, { name: 'AccessPurpose', description: 'Why a full file is opened; written to the access log.' });
export const Sex = asEnum(SEXES);
registerEnumType(Sex, { name: 'Sex' });
export const FileStatusFilter = asEnum(['OPEN', 'CLOSED', 'ALL'] as const);
registerEnumType(FileStatusFilter, { name: 'FileStatusFilter' });
export const FileCapability = asEnum(FILE_CAPABILITIES);
registerEnumType(FileCapability, { name: 'FileCapability', description: 'LIST: names and the last four digits; OPEN: the full file, logged; EDIT: keep the files; EXPORT: a county\'s files, decrypted, logged.' });
export const RegistryCountSource = asEnum(['KEPT', 'FILES'] as const);
registerEnumType(RegistryCountSource, { name: 'RegistryCountSource' });

@ObjectType('ChildSummary', { description: 'A file as lists show it: the ID number masked, no phone, no birth date.' })
export class ChildSummaryType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Sex) sex!: string;
  @Field(() => Int, { description: 'Whole years, counted from the birth month (lists carry no day of birth: with the last four digits it would leave the ID number nearly whole).' }) age!: number;
  @Field(() => String, { nullable: true, description: 'The last four characters only: **************1234.' }) idNumberMasked!: string | null;
  @Field({ description: 'No ID number yet: flagged for household registration.' }) needsHouseholdRegistration!: boolean;
  @Field(() => ID) villageCode!: string;
  @Field(() => RiskGrade, { nullable: true }) grade!: string | null;
  @Field(() => [ChildCategory], { description: 'Certified categories holding today.' }) categories!: string[];
  @Field() openedOn!: string;
  @Field(() => String, { nullable: true }) exitedOn!: string | null;
}

@ObjectType('ChildSummaryConnection')
export class ChildSummaryConnection extends ConnectionType(ChildSummaryType, 'ChildSummary') {}

@ObjectType({ isAbstract: true })
abstract class SpanFields {
  @Field({ description: 'First day the entry holds (YYYY-MM-DD).' }) validFrom!: string;
  @Field(() => String, { nullable: true, description: 'First day it no longer holds; null: still holds.' }) validTo!: string | null;
  @Field(() => DateTime) recordedAt!: Date;
  @Field() recordedBy!: string;
}

@ObjectType('GradeSpan')
export class GradeSpanType extends SpanFields {
  @Field(() => RiskGrade) grade!: string;
  @Field() reason!: string;
  @Field() assessedBy!: string;
}

@ObjectType('CategorySpan')
export class CategorySpanType extends SpanFields {
  @Field(() => ChildCategory) category!: string;
  @Field(() => CategoryStatus) status!: string;
  @Field(() => String, { nullable: true }) certifiedOn!: string | null;
}

@ObjectType('HelperSpan', { description: 'The named helper (包保人).' })
export class HelperSpanType extends SpanFields {
  @Field() name!: string;
  @Field(() => HelperRole) role!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType('GuardianSpan')
export class GuardianSpanType extends SpanFields {
  @Field() name!: string;
  @Field(() => GuardianRelation) relation!: string;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@ObjectType('FactSpan')
export class FactSpanType extends SpanFields {
  @Field(() => FileFact) field!: string;
  @Field() value!: string;
}

@ObjectType('ResidenceSpan')
export class ResidenceSpanType extends SpanFields {
  @Field(() => ID) villageCode!: string;
  @Field() villageName!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType('Visit')
export class VisitType {
  @Field() visitedOn!: string;
  @Field() visitor!: string;
  @Field(() => VisitKind) kind!: string;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => String, { nullable: true }) followUp!: string | null;
  @Field() recordedBy!: string;
}

@ObjectType('ChildFile', { description: 'The full file as it stood on `asOf`, with its whole history. Opening it is logged.' })
export class ChildFileType {
  @Field(() => ID) id!: string;
  @Field({ description: 'The day the current entries are taken on (YYYY-MM-DD).' }) asOf!: string;
  @Field() name!: string;
  @Field(() => Sex) sex!: string;
  @Field() birthDate!: string;
  @Field(() => String, { nullable: true }) idNumber!: string | null;
  @Field(() => String, { nullable: true }) idNumberMasked!: string | null;
  @Field() needsHouseholdRegistration!: boolean;
  @Field(() => ID) villageCode!: string;
  @Field() openedOn!: string;
  @Field(() => String, { nullable: true }) exitedOn!: string | null;
  @Field(() => ExitReason, { nullable: true }) exitReason!: string | null;
  @Field(() => Int) version!: number;
  @Field(() => GradeSpanType, { nullable: true }) grade!: unknown;
  @Field(() => [CategorySpanType]) categories!: unknown[];
  @Field(() => HelperSpanType, { nullable: true }) helper!: unknown;
  @Field(() => [GuardianSpanType]) guardians!: unknown[];
  @Field(() => [FactSpanType]) facts!: unknown[];
  @Field(() => [GradeSpanType]) gradeHistory!: unknown[];
  @Field(() => [CategorySpanType]) categoryHistory!: unknown[];
  @Field(() => [ResidenceSpanType]) residenceHistory!: unknown[];
  @Field(() => [FactSpanType]) factHistory!: unknown[];
  @Field(() => [HelperSpanType]) helperHistory!: unknown[];
  @Field(() => [VisitType], { description: 'Visits up to asOf.' }) visits!: unknown[];
}

@ObjectType('RegistryAccessLogEntry')
export class AccessLogEntryType {
  @Field(() => DateTime) at!: Date;
  @Field() actor!: string;
  @Field() action!: string;
  @Field() purpose!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('RegistryCounts', { description: "What the files say on the month's last day, summed over the unit's subtree. Counts only, never names." })
export class RegistryCountsType {
  @Field(() => ID) unitCode!: string;
  @Field() unitName!: string;
  @Field(() => Period) period!: string;
  @Field(() => [IndicatorValueType], { description: 'Every indicator the registry answers.' }) values!: unknown[];
  @Field(() => [IndicatorValueType], { description: "Those entered at the unit's level: what its report can take, and what W4 compares." }) reportValues!: unknown[];
  @Field(() => RegistryCountSource) source!: string;
}

@ObjectType('RegistryDifference', { description: "A report's figure that differs from the registry's for the same unit and month." })
export class RegistryDifferenceType {
  @Field(() => ID) unitCode!: string;
  @Field() status!: string;
  @Field() indicator!: string;
  @Field(() => SafeInt) reported!: number;
  @Field(() => SafeInt) registry!: number;
}

@InputType('ChildCategoryInput')
export class CategoryInput {
  @Field(() => ChildCategory) category!: string;
  @Field(() => CategoryStatus) status!: string;
  @Field(() => String, { nullable: true, description: 'Certification (认定) date, required when CERTIFIED.' }) certifiedOn?: string | null;
}

@InputType('RiskGradeInput')
export class GradeInput {
  @Field(() => RiskGrade) grade!: string;
  @Field() reason!: string;
  @Field() assessedBy!: string;
}

@InputType('HelperInput')
export class HelperInput {
  @Field() name!: string;
  @Field(() => HelperRole) role!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@InputType('GuardianInput')
export class GuardianInput {
  @Field() name!: string;
  @Field(() => GuardianRelation) relation!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@InputType('FileFactInput')
export class FactInput {
  @Field(() => FileFact) field!: string;
  @Field() value!: string;
}

@InputType('CreateChildInput')
export class CreateChildInput {
  @Field(() => ID) villageCode!: string;
  @Field() name!: string;
  @Field(() => Sex) sex!: string;
  @Field({ description: 'YYYY-MM-DD' }) birthDate!: string;
  @Field(() => String, { nullable: true, description: 'Resident ID number (GB 11643); without one the child is flagged for household registration.' }) idNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'The day the file starts (default today).' }) openedOn?: string | null;
  @Field(() => [CategoryInput], { nullable: true }) categories?: CategoryInput[] | null;
  @Field(() => GradeInput, { nullable: true }) grade?: GradeInput | null;
  @Field(() => HelperInput, { nullable: true }) helper?: HelperInput | null;
  @Field(() => [GuardianInput], { nullable: true }) guardians?: GuardianInput[] | null;
  @Field(() => [FactInput], { nullable: true }) facts?: FactInput[] | null;
}

@InputType('UpdateChildInput', { description: 'Changes that take effect on `effective`; earlier entries are kept as history. `guardians` replaces the list.' })
export class UpdateChildInput {
  @Field(() => ID) childId!: string;
  @Field({ description: 'YYYY-MM-DD' }) effective!: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => [FactInput], { nullable: true }) facts?: FactInput[] | null;
  @Field(() => [CategoryInput], { nullable: true }) categories?: CategoryInput[] | null;
  @Field(() => GradeInput, { nullable: true }) grade?: GradeInput | null;
  @Field(() => HelperInput, { nullable: true }) helper?: HelperInput | null;
  @Field(() => [GuardianInput], { nullable: true }) guardians?: GuardianInput[] | null;
}

@InputType('RecordVisitInput')
export class RecordVisitInput {
  @Field(() => ID) childId!: string;
  @Field() visitedOn!: string;
  @Field() visitor!: string;
  @Field(() => VisitKind) kind!: string;
  @Field(() => String, { nullable: true }) notes?: string | null;
  @Field(() => String, { nullable: true }) followUp?: string | null;
}

@InputType('TransferChildInput')
export class TransferChildInput {
  @Field(() => ID) childId!: string;
  @Field(() => ID) toVillageCode!: string;
  @Field() effective!: string;
  @Field() reason!: string;
}

@InputType('CloseChildFileInput')
export class CloseChildFileInput {
  @Field(() => ID) childId!: string;
  @Field() exitedOn!: string;
  @Field(() => ExitReason) exitReason!: string;
}

@ObjectType('GradeTransition', { description: 'Children whose grade at the end of the month before was `from` (null: none) and is now `to`.' })
export class GradeTransitionType {
  @Field(() => RiskGrade, { nullable: true }) from!: string | null;
  @Field(() => RiskGrade) to!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('MonitoringSummary', { description: 'The sizes of the monitoring lists: counts, for anyone who may read the unit.' })
export class MonitoringSummaryType {
  @Field(() => Int) reassessmentsDue!: number;
  @Field(() => Int) visitsOverdue!: number;
  @Field(() => Int) turning18NextMonth!: number;
  @Field(() => Int) withoutHelper!: number;
}

@ObjectType('MonitoringEntry')
export class MonitoringEntryType {
  @Field(() => ChildSummaryType) child!: unknown;
  @Field(() => String, { nullable: true, description: 'When the reassessment or visit fell due.' }) dueOn?: string;
  @Field(() => String, { nullable: true }) lastVisitOn?: string | null;
  @Field(() => Period, { nullable: true, description: 'The month the child turns 18 (the month only: lists carry no day of birth).' }) turns18In?: string;
}

@ObjectType('HelperOverdueVisits', { description: 'Children a helper (包保人) has not visited within their grade’s cadence.' })
export class HelperOverdueType {
  @Field(() => String, { nullable: true, description: 'null: children without a helper' }) helperName!: string | null;
  @Field(() => HelperRole, { nullable: true }) helperRole!: string | null;
  @Field(() => Int) overdue!: number;
  @Field(() => [MonitoringEntryType]) children!: unknown[];
}

@ObjectType('RegistryMonitoring', { description: "Dynamic monitoring of a unit's files as of the month's last day. The matrix and summary are counts; the lists name children (county and below)." })
export class RegistryMonitoringType {
  @Field(() => ID) unitCode!: string;
  @Field(() => Period) period!: string;
}

@ObjectType('ChildImportProblem')
export class ChildImportProblemType {
  @Field(() => Int, { description: 'The row as a spreadsheet numbers it (header = 1).' }) row!: number;
  @Field(() => String, { nullable: true }) field!: string | null;
  @Field() message!: string;
}

@ObjectType('ChildImportResult')
export class ChildImportResultType {
  @Field(() => ImportMode) mode!: string;
  @Field(() => Int) total!: number;
  @Field(() => Int) created!: number;
  @Field(() => [ChildImportProblemType]) problems!: unknown[];
}

@ObjectType('RegistryFile', { description: 'A file to download.' })
export class RegistryFileType {
  @Field() filename!: string;
  @Field() contentBase64!: string;
  @Field(() => Int, { nullable: true }) count?: number;
}

@InputType('ImportChildrenInput')
export class ImportChildrenInput {
  @Field(() => ID, { description: 'A township or county: every row names a village under it.' }) parentCode!: string;
  @Field(() => ImportFormat) format!: 'CSV' | 'XLSX';
  @Field() fileBase64!: string;
  @Field(() => ImportMode) mode!: 'ALL_OR_NOTHING' | 'VALID_ROWS';
}

@InputType('ExportChildrenInput')
export class ExportChildrenInput {
  @Field(() => ID) countyCode!: string;
  @Field({ description: 'Why the files leave the system (written to the logs).' }) reason!: string;
}
