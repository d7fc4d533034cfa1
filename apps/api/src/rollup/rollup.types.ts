import { Field, Int, ObjectType } from '@nestjs/graphql';
import { AdminUnitType } from '../admin-tree/admin-unit.types.js';
import { DateTime, Period, SafeInt } from '../graphql/scalars.js';
import { IndicatorValueType } from '../reporting/report.types.js';

@ObjectType('Completeness', { description: "How far a unit's subtree is with a month (from the rollups)." })
export class CompletenessType {
  @Field(() => Int, { description: 'Units in the subtree (the unit included) as the tree stood that month.' }) expected!: number;
  @Field(() => Int, { description: 'Of those, reports submitted, approved or exempted.' }) submitted!: number;
  @Field(() => Int, { description: 'Approved or exempted.' }) approved!: number;
  @Field(() => Int, { description: 'Submitted before their deadline.' }) onTime!: number;
}

@ObjectType('CompletenessCounts')
export class CompletenessCountsType {
  @Field(() => Int) expected!: number;
  @Field(() => Int) submitted!: number;
  @Field(() => Int) approved!: number;
  @Field(() => Int) onTime!: number;
}

@ObjectType('ProvincialReportRow')
export class ProvincialReportRowType {
  @Field() unitCode!: string;
  @Field() unitName!: string;
  @Field() level!: string;
  @Field(() => [IndicatorValueType]) values!: IndicatorValueType[];
  @Field(() => CompletenessCountsType) completeness!: CompletenessCountsType;
}

@ObjectType('ExplainedWarning')
export class ExplainedWarningType {
  @Field() unitCode!: string;
  @Field() unitName!: string;
  @Field() rule!: string;
  @Field(() => [String]) indicators!: string[];
  @Field() message!: string;
  @Field() explanation!: string;
}

@ObjectType('ProvincialReportDownloads')
export class ProvincialReportDownloadsType {
  @Field({ description: 'GET with the same Authorization header.' }) xlsx!: string;
  @Field() csv!: string;
}

@ObjectType('ProvincialReport', { description: 'An immutable, versioned snapshot of a province-month: province, cities and counties.' })
export class ProvincialReportType {
  @Field(() => AdminUnitType) province!: unknown;
  @Field(() => Period) period!: string;
  @Field(() => Int) version!: number;
  @Field({ description: 'Why it was built: a sign-off, or a request.' }) trigger!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => [ProvincialReportRowType]) rows!: ProvincialReportRowType[];
  @Field(() => [ExplainedWarningType]) warnings!: ExplainedWarningType[];
  @Field(() => ProvincialReportDownloadsType) downloads!: ProvincialReportDownloadsType;
  @Field(() => SafeInt, { description: 'Sum of every figure in the province row (a quick checksum).' }) checksum!: number;
}
