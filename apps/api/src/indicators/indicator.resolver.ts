import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { IndicatorsService } from '@carenet/indicators';
import { UnitLevel } from '@carenet/admin-tree';
import { CurrentActor } from '../graphql/current-actor.js';
import { SafeInt } from '../graphql/scalars.js';

@ObjectType('Indicator', { description: 'One figure reported each month (the catalogue is data).' })
export class IndicatorType {
  @Field() code!: string;
  @Field({ description: '中文名' }) nameZh!: string;
  @Field() nameEn!: string;
  @Field({ description: 'persons, person-times, count, sites, beds, cases or fen' }) unit!: string;
  @Field({ description: 'COUNT or MONEY (fen)' }) kind!: string;
  @Field(() => UnitLevel, { description: 'The level whose units enter it; every level above receives the sum.' }) level!: UnitLevel;
  @Field(() => SafeInt) maxValue!: number;
}

@Resolver(() => IndicatorType)
export class IndicatorResolver {
  constructor(private readonly catalogue: IndicatorsService) {}

  @Query(() => [IndicatorType])
  indicators(@CurrentActor() _actor: Actor) {
    return this.catalogue.list();
  }
}
