import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ReportStatus, ReturnReason, WorkflowAction } from '@carenet/reporting';
import { AdminUnitType } from '../admin-tree/admin-unit.types.js';
import { ConnectionType } from '../graphql/connection.js';
import { DateTime, Period, SafeInt } from '../graphql/scalars.js';

registerEnumType(ReportStatus, { name: 'ReportStatus' });
registerEnumType(WorkflowAction, {
  name: 'ReportAction',
  description: 'A change of a report: saveReport, submitReport, approveReport, returnReport, reopenReport, exemptReport.',
});
/** What an approver may choose when returning a report. */
export enum ReturnReasonCode {
  WRONG_FIGURES = 'WRONG_FIGURES',
  MISSING_EXPLANATION = 'MISSING_EXPLANATION',
  INCONSISTENT_WITH_REGISTRY = 'INCONSISTENT_WITH_REGISTRY',
  OTHER = 'OTHER',
}
registerEnumType(ReturnReasonCode, { name: 'ReturnReason', description: 'Why an approver returns a report.' });
registerEnumType(ReturnReason, { name: 'ReportReturnReason', description: 'Why a report went back: a reason an approver chose, or REOPENED (set by reopening an approved report, or on its parent).' });

export enum ImportFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
}
registerEnumType(ImportFormat, { name: 'ImportFormat' });

export enum ImportMode {
  ALL_OR_NOTHING = 'ALL_OR_NOTHING',
  VALID_ROWS = 'VALID_ROWS',
}
registerEnumType(ImportMode, { name: 'ImportMode' });

@ObjectType('IndicatorValue')
export class IndicatorValueType {
  @Field() indicator!: string;
  @Field(() => SafeInt) value!: number;
}

@InputType('IndicatorValueInput')
export class IndicatorValueInput {
  @Field() indicator!: string;
  @Field(() => SafeInt) value!: number;
}

@ObjectType('Warning', { description: 'A rule (W1–W3) that needs a written explanation before submission.' })
export class WarningType {
  @Field() rule!: string;
  @Field(() => [String]) indicators!: string[];
  @Field() message!: string;
}

@ObjectType('Explanation')
export class ExplanationType {
  @Field() rule!: string;
  @Field() indicator!: string;
  @Field() text!: string;
}

@InputType('ExplanationInput')
export class ExplanationInput {
  @Field() rule!: string;
  @Field() indicator!: string;
  @Field() text!: string;
}

@ObjectType('ValueChange', { description: 'One figure that differs from the last approved version.' })
export class ValueChangeType {
  @Field() indicator!: string;
  @Field(() => SafeInt, { nullable: true }) approved!: number | null;
  @Field(() => SafeInt, { nullable: true }) current!: number | null;
}

@ObjectType('Report', { description: "One unit's own figures for one month, and where they stand in the workflow." })
export class ReportType {
  @Field(() => AdminUnitType) unit!: unknown;
  @Field(() => Period) period!: string;
  @Field(() => ReportStatus) status!: ReportStatus;
  @Field(() => Int, { description: 'Send it back as expectedVersion with the next change.' }) version!: number;
  @Field(() => [IndicatorValueType]) values!: IndicatorValueType[];
  @Field(() => [WarningType]) warnings!: WarningType[];
  @Field(() => [ExplanationType]) explanations!: ExplanationType[];
  @Field(() => DateTime, { nullable: true }) savedAt!: Date | null;
  @Field(() => String, { nullable: true }) savedBy!: string | null;
  @Field(() => DateTime, { nullable: true }) submittedAt!: Date | null;
  @Field(() => String, { nullable: true }) submittedBy!: string | null;
  @Field(() => DateTime, { nullable: true }) approvedAt!: Date | null;
  @Field(() => String, { nullable: true }) approvedBy!: string | null;
  @Field(() => ReturnReason, { nullable: true }) returnReason!: ReturnReason | null;
  @Field(() => String, { nullable: true }) returnComment!: string | null;
  @Field(() => String, { nullable: true }) exemptReason!: string | null;
  @Field({ description: 'Submitted after its deadline.' }) late!: boolean;
  @Field(() => [ValueChangeType], { description: 'What differs from the last approved version (empty if never approved).' })
  changesSinceApproved!: ValueChangeType[];
  @Field(() => [WorkflowAction], {
    description:
      'What the caller may do with the report now, given its status, the caller’s rights here, who saved or submitted it, the reports of the units above, and (for a submission above village level) whether every child unit’s report is approved or exempted. Each listed action is accepted with this version unless something changes meanwhile; what depends on the request itself (the values, explanations of warnings) is still checked then.',
  })
  actions!: WorkflowAction[];
  @Field(() => DateTime, { description: 'The deadline: the end of the day, in China, the given number of days after the month ends for the unit’s level and province; a submission from then on is late.' })
  dueAt!: Date;
}

@ObjectType('ReportConnection')
export class ReportConnection extends ConnectionType(ReportType, 'Report') {}

@ObjectType('AuditEntry')
export class AuditEntryType {
  @Field(() => DateTime) at!: Date;
  @Field() actor!: string;
  @Field() action!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) fromStatus!: string | null;
  @Field() toStatus!: string;
  @Field(() => [IndicatorValueType], { nullable: true }) before!: IndicatorValueType[] | null;
  @Field(() => [IndicatorValueType], { nullable: true }) after!: IndicatorValueType[] | null;
}

@InputType('SaveReportInput')
export class SaveReportInput {
  @Field(() => ID) unitCode!: string;
  @Field(() => Period) period!: string;
  @Field(() => [IndicatorValueInput], { description: "The unit's own values; this list replaces the saved one." }) values!: IndicatorValueInput[];
  @Field(() => Int, { description: 'The version last read; 0 for a new report.' }) expectedVersion!: number;
  @Field(() => String, { nullable: true, description: 'Repeating the request with this key returns the first result.' })
  idempotencyKey?: string | null;
}

@InputType('SubmitReportInput')
export class SubmitReportInput {
  @Field(() => ID) unitCode!: string;
  @Field(() => Period) period!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => [ExplanationInput], { nullable: true, description: 'One per warning: { rule, indicator (its first), text }.' })
  explanations?: ExplanationInput[] | null;
}

@InputType('ApproveReportInput')
export class ApproveReportInput {
  @Field(() => ID) unitCode!: string;
  @Field(() => Period) period!: string;
  @Field(() => Int) expectedVersion!: number;
}

@InputType('ReturnReportInput')
export class ReturnReportInput {
  @Field(() => ID) unitCode!: string;
  @Field(() => Period) period!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => ReturnReasonCode) reasonCode!: ReturnReasonCode;
  @Field() comment!: string;
}

@InputType('ReopenReportInput')
export class ReopenReportInput {
  @Field(() => ID) unitCode!: string;
  @Field(() => Period) period!: string;
  @Field() reason!: string;
}

@InputType('ExemptReportInput')
export class ExemptReportInput {
  @Field(() => ID) unitCode!: string;
  @Field(() => Period) period!: string;
  @Field() reason!: string;
}

@InputType('ImportReportsInput')
export class ImportReportsInput {
  @Field(() => ID, { description: 'Rows may name this unit or any unit below it.' }) parentCode!: string;
  @Field(() => Period) period!: string;
  @Field(() => ImportFormat) format!: ImportFormat;
  @Field({ description: 'The file, base64-encoded (at most 10 MB).' }) fileBase64!: string;
  @Field(() => ImportMode, { description: 'ALL_OR_NOTHING saves nothing if any row fails; VALID_ROWS saves the rows that pass.' })
  mode!: ImportMode;
}

@ObjectType('ImportProblem', { description: 'One problem of an imported row, for a table: the column or indicator(s), the rule, the sentence.' })
export class ImportProblemType {
  @Field(() => String, { nullable: true, description: 'unitCode, or the indicator code(s) the problem is about; null for the row as a whole.' }) field!: string | null;
  @Field({ description: 'FORMAT (a cell that cannot be read), SCOPE (a unit not under the parent, or not yours), E1–E4, or the reason of a refusal.' }) rule!: string;
  @Field() message!: string;
}

@ObjectType('ImportRowResult')
export class ImportRowResultType {
  @Field(() => Int, { description: 'The row as a spreadsheet numbers it (header = 1).' }) row!: number;
  @Field() unitCode!: string;
  @Field({ description: 'SAVED, FAILED, or NOT_SAVED (valid, but another row failed in ALL_OR_NOTHING).' }) outcome!: string;
  @Field(() => [String]) problems!: string[];
  @Field(() => [ImportProblemType], { description: 'The same problems, each with its field and rule.' }) issues!: ImportProblemType[];
}

@ObjectType('ImportResult')
export class ImportResultType {
  @Field(() => Int) saved!: number;
  @Field(() => Int) failed!: number;
  @Field(() => [String], { description: 'Problems with the file as a whole (then no row is read).' }) fileProblems!: string[];
  @Field(() => [ImportRowResultType]) rows!: ImportRowResultType[];
}

@ObjectType('ImportTemplate')
export class ImportTemplateType {
  @Field() filename!: string;
  @Field() contentBase64!: string;
}
