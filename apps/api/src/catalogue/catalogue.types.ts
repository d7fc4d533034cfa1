import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { UnitLevel } from '@carenet/admin-tree';
import { Period, SafeInt } from '../graphql/scalars.js';

@ObjectType('IndicatorName', { description: 'An indicator’s names over a span of months.' })
export class IndicatorNameType {
  @Field() nameZh!: string;
  @Field() nameEn!: string;
  @Field(() => Period) validFrom!: string;
  @Field(() => Period, { nullable: true, description: 'The last month these names were used; null while in use.' }) validTo!: string | null;
}

@ObjectType('IndicatorVersion', { description: 'An indicator with its history: the months it is on the form and its names by month.' })
export class IndicatorVersionType {
  @Field() code!: string;
  @Field() unit!: string;
  @Field({ description: 'COUNT or MONEY (fen)' }) kind!: string;
  @Field(() => UnitLevel) level!: UnitLevel;
  @Field(() => String, { nullable: true }) group!: string | null;
  @Field(() => SafeInt) maxValue!: number;
  @Field(() => Period, { description: 'The first month on the form.' }) validFrom!: string;
  @Field(() => Period, { nullable: true, description: 'The last month on the form, once retired.' }) validTo!: string | null;
  @Field(() => [IndicatorNameType], { description: 'Oldest first.' }) names!: IndicatorNameType[];
}

@ObjectType('SubsidyStandard', { description: 'A province’s living-subsidy standard per child per month (W1), over a span of months.' })
export class SubsidyStandardType {
  @Field() provinceCode!: string;
  @Field({ description: 'The subsidy the county pays (fen).' }) subsidyIndicator!: string;
  @Field({ description: 'The children it is owed to.' }) headcountIndicator!: string;
  @Field({ description: 'VILLAGES (summed over the county’s villages) or OWN (the county’s own figure).' }) headcountSource!: string;
  @Field(() => SafeInt) monthlyFen!: number;
  @Field(() => Period) validFrom!: string;
  @Field(() => Period, { nullable: true }) validTo!: string | null;
}

@ObjectType('ReportDeadline', { description: 'Days after the month ends by which a level’s reports are due, over a span of months.' })
export class ReportDeadlineType {
  @Field({ description: 'The province the rule is of; 000000000000 for the default of every province.' }) provinceCode!: string;
  @Field(() => UnitLevel) level!: UnitLevel;
  @Field(() => Int) days!: number;
  @Field(() => Period) validFrom!: string;
  @Field(() => Period, { nullable: true }) validTo!: string | null;
}

@ObjectType('CatalogueHistory', { description: 'The catalogue with every version, by month.' })
export class CatalogueHistoryType {
  @Field(() => [IndicatorVersionType]) indicators!: IndicatorVersionType[];
  @Field(() => [SubsidyStandardType], { description: 'The caller’s province.' }) subsidyStandards!: SubsidyStandardType[];
  @Field(() => [ReportDeadlineType], { description: 'The caller’s province’s own rules and the defaults.' }) reportDeadlines!: ReportDeadlineType[];
}

@InputType('AddIndicatorInput')
export class AddIndicatorInputType {
  @Field({ description: 'UPPER_SNAKE; never used before.' }) code!: string;
  @Field() nameZh!: string;
  @Field() nameEn!: string;
  @Field(() => UnitLevel, { description: 'The level whose units enter it.' }) level!: UnitLevel;
  @Field({ description: 'COUNT or MONEY (in fen).' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'What is counted (persons, sites…); money is in fen.' }) unit?: string | null;
  @Field(() => String, { nullable: true }) group?: string | null;
  @Field(() => Period, { description: 'The first month it is on the form.' }) effective!: string;
}

@InputType('RenameIndicatorInput')
export class RenameIndicatorInputType {
  @Field() code!: string;
  @Field() nameZh!: string;
  @Field() nameEn!: string;
  @Field(() => Period, { description: 'The first month with the new names; earlier months keep the old ones.' }) effective!: string;
}

@InputType('RetireIndicatorInput')
export class RetireIndicatorInputType {
  @Field() code!: string;
  @Field(() => Period, { description: 'The first month it is no longer on the form; earlier months keep it, their figures and totals untouched.' }) effective!: string;
}

@InputType('SetSubsidyStandardInput')
export class SetSubsidyStandardInputType {
  @Field() subsidyIndicator!: string;
  @Field(() => String, { nullable: true, description: 'Default: that of the standard it follows.' }) headcountIndicator?: string | null;
  @Field(() => String, { nullable: true, description: 'VILLAGES or OWN; default: that of the standard it follows.' }) headcountSource?: string | null;
  @Field(() => SafeInt, { description: 'Fen per child per month.' }) monthlyFen!: number;
  @Field(() => Period, { description: 'The first month checked against it; earlier months keep the standard in force then.' }) effective!: string;
}

@InputType('SetReportDeadlineInput')
export class SetReportDeadlineInputType {
  @Field(() => UnitLevel) level!: UnitLevel;
  @Field(() => Int, { description: 'Days after the month ends (0–366).' }) days!: number;
  @Field(() => Period, { description: 'The first month whose reports it applies to.' }) effective!: string;
}
