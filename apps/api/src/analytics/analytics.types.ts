import { Field, Float, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AdminUnitType } from '../admin-tree/admin-unit.types.js';
import { DateTime, Period, SafeInt } from '../graphql/scalars.js';
import { IndicatorValueType } from '../reporting/report.types.js';
import { CompletenessType } from '../rollup/rollup.types.js';

export enum StatsBasis {
  APPROVED = 'APPROVED',
  PROVISIONAL = 'PROVISIONAL',
}
registerEnumType(StatsBasis, { name: 'StatsBasis', description: 'APPROVED: approved reports only; PROVISIONAL: submitted or approved.' });

@ObjectType('SubsidyCheck')
export class SubsidyCheckType {
  @Field() indicator!: string;
  @Field(() => SafeInt, { description: 'Children eligible (the headcount the standard applies to).' }) eligible!: number;
  @Field(() => SafeInt) paidFen!: number;
  @Field(() => SafeInt, { nullable: true }) perChildFen!: number | null;
  @Field(() => SafeInt, { nullable: true, description: 'The monthly standard per child (fen).' }) standardFen!: number | null;
  @Field() belowStandard!: boolean;
}

@ObjectType('DerivedStats')
export class DerivedStatsType {
  @Field(() => SafeInt, { description: 'RISK_RED + RISK_ORANGE + RISK_YELLOW + RISK_GREEN' }) monitoredChildren!: number;
  @Field(() => Float, { nullable: true, description: 'Share of monitored children at red or orange risk (0–1).' }) redOrangeShare!: number | null;
  @Field(() => [SubsidyCheckType]) subsidies!: SubsidyCheckType[];
}

@ObjectType('Stats', { description: "The sum over a unit's subtree for a month, from the rollups." })
export class StatsType {
  @Field(() => AdminUnitType) unit!: unknown;
  @Field(() => Period) period!: string;
  @Field(() => StatsBasis) basis!: StatsBasis;
  @Field(() => [IndicatorValueType]) values!: IndicatorValueType[];
  @Field(() => CompletenessType, { description: 'The counters of the subtree, and the child units still missing.' }) completeness!: CompletenessType;
  @Field(() => DateTime, { nullable: true, description: 'When the rollup was last recomputed.' }) computedAt!: Date | null;
}

@ObjectType('PeriodValue')
export class PeriodValueType {
  @Field(() => Period) period!: string;
  @Field(() => SafeInt) value!: number;
}

@ObjectType('IndicatorSeries', { description: 'One indicator month by month.' })
export class IndicatorSeriesType {
  @Field() indicator!: string;
  @Field(() => [PeriodValueType]) points!: PeriodValueType[];
}

@ObjectType('ChangeItem')
export class ChangeItemType {
  @Field() unitCode!: string;
  @Field(() => Period) period!: string;
  @Field() indicator!: string;
  @Field(() => SafeInt, { nullable: true, description: 'null: the figure was withdrawn (its report was reopened).' }) value!: number | null;
  @Field(() => DateTime) changedAt!: Date;
}

@ObjectType('TreeEventUnit', { description: 'A unit row a tree change ended (validTo set) or began (validFrom the change’s month).' })
export class TreeEventUnitType {
  @Field() code!: string;
  @Field() name!: string;
  @Field() level!: string;
  @Field(() => String, { nullable: true }) parentCode!: string | null;
  @Field(() => Period) validFrom!: string;
  @Field(() => Period, { nullable: true }) validTo!: string | null;
}

@ObjectType('TreeEvent', { description: 'A change of the tree (create, rename, move, merge, split, retire), in feed order.' })
export class TreeEventType {
  @Field() kind!: string;
  @Field(() => Period, { description: 'The first month of the new tree.' }) effective!: string;
  @Field(() => DateTime) at!: Date;
  @Field(() => [TreeEventUnitType], { description: 'The units it ended and began, within the reader’s subtree.' }) units!: TreeEventUnitType[];
}

@ObjectType('ChangeFeed')
export class ChangeFeedType {
  @Field(() => [ChangeItemType]) items!: ChangeItemType[];
  @Field(() => [TreeEventType], { description: 'Tree changes in this stretch of the feed; figures moved to new units by a change come after it.' }) treeEvents!: TreeEventType[];
  @Field({ description: 'Pass as `since` next time (store it: the sync resumes from here).' }) nextCursor!: string;
  @Field() hasMore!: boolean;
}
