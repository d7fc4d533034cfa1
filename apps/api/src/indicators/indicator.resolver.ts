import { Args, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { parsePeriod, type Actor } from '@carenet/core';
import { IndicatorsService } from '@carenet/indicators';
import { UnitLevel } from '@carenet/admin-tree';
import { CurrentActor } from '../graphql/current-actor.js';
import { Period, SafeInt } from '../graphql/scalars.js';
import { COST } from '../graphql/cost.js';

@ObjectType('Indicator', { description: 'One figure reported each month (the catalogue is data).' })
export class IndicatorType {
  @Field() code!: string;
  @Field({ description: '中文名 (the name in force in the month asked for)' }) nameZh!: string;
  @Field() nameEn!: string;
  @Field({ description: 'persons, person-times, count, sites, beds, cases or fen' }) unit!: string;
  @Field({ description: 'COUNT or MONEY (fen)' }) kind!: string;
  @Field(() => UnitLevel, { description: 'The level whose units enter it; every level above receives the sum.' }) level!: UnitLevel;
  @Field(() => SafeInt) maxValue!: number;
  @Field(() => String, { nullable: true, description: 'The heading the form groups it under.' }) group?: string | null;
  @Field(() => Period, { nullable: true, description: 'The first month it is on the form.' }) validFrom?: string;
  @Field(() => Period, { nullable: true, description: 'The last month it is on the form, once retired.' }) validTo?: string | null;
}

@Resolver(() => IndicatorType)
export class IndicatorResolver {
  constructor(private readonly catalogue: IndicatorsService) {}

  @Query(() => [IndicatorType], { complexity: COST.QUERY, description: 'The indicators on the form in a month (default: the current month), with that month’s names.' })
  indicators(@CurrentActor() _actor: Actor, @Args('period', { type: () => Period, nullable: true }) period?: string | null) {
    if (period != null) parsePeriod(period);
    return this.catalogue.list(period);
  }
}
