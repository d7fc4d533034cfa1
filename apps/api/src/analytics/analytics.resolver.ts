import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import type { AdminUnit } from '@carenet/admin-tree';
import { ChangeFeedService, StatsService, type Stats } from '@carenet/analytics';
import { AdminUnitType } from '../admin-tree/admin-unit.types.js';
import type { GqlContext } from '../graphql/context.js';
import { CurrentActor } from '../graphql/current-actor.js';
import { Period } from '../graphql/scalars.js';
import { ChangeFeedType, DerivedStatsType, IndicatorSeriesType, PeriodValueType, StatsBasis, StatsType } from './analytics.types.js';
import { CompletenessType } from '../rollup/rollup.types.js';
import type { Completeness } from '@carenet/rollup';
import { COST } from '../graphql/cost.js';

@Resolver(() => StatsType)
export class StatsResolver {
  constructor(private readonly service: StatsService) {}

  @Query(() => StatsType, { complexity: COST.QUERY, description: "A unit's subtree totals for a month; `indicators` picks some." })
  stats(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID }) unitCode: string,
    @Args('period', { type: () => Period }) period: string,
    @Args('basis', { type: () => StatsBasis, nullable: true, defaultValue: StatsBasis.APPROVED }) basis: StatsBasis | null,
    @Args('indicators', { type: () => [String], nullable: true }) indicators?: string[],
  ) {
    return this.service.stats(actor, unitCode, period, basis ?? StatsBasis.APPROVED, indicators);
  }

  @Query(() => [StatsType], { complexity: COST.QUERY, description: 'One row per child unit (the 9 cities of Guizhou, say).' })
  statsBreakdown(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID }) unitCode: string,
    @Args('period', { type: () => Period }) period: string,
    @Args('basis', { type: () => StatsBasis, nullable: true, defaultValue: StatsBasis.APPROVED }) basis: StatsBasis | null,
  ) {
    return this.service.breakdown(actor, unitCode, period, basis ?? StatsBasis.APPROVED);
  }

  @Query(() => [IndicatorSeriesType], { complexity: COST.SUBTREE, description: 'Several indicators of a unit, month by month, in one request (at most 40 indicators, 120 months): the approval view’s sparklines.' })
  timeSeriesSet(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID }) unitCode: string,
    @Args('indicators', { type: () => [String] }) indicators: string[],
    @Args('from', { type: () => Period }) from: string,
    @Args('to', { type: () => Period }) to: string,
    @Args('basis', { type: () => StatsBasis, nullable: true, defaultValue: StatsBasis.APPROVED }) basis: StatsBasis | null,
  ) {
    return this.service.timeSeriesSet(actor, unitCode, indicators, from, to, basis ?? StatsBasis.APPROVED);
  }

  @Query(() => [PeriodValueType], { complexity: COST.QUERY, description: 'One indicator of a unit, month by month (at most 120 months).' })
  timeSeries(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID }) unitCode: string,
    @Args('indicator') indicator: string,
    @Args('from', { type: () => Period }) from: string,
    @Args('to', { type: () => Period }) to: string,
    @Args('basis', { type: () => StatsBasis, nullable: true, defaultValue: StatsBasis.APPROVED }) basis: StatsBasis | null,
  ) {
    return this.service.timeSeries(actor, unitCode, indicator, from, to, basis ?? StatsBasis.APPROVED);
  }

  @ResolveField(() => CompletenessType, { complexity: COST.FREE })
  completeness(@Parent() s: Stats): Completeness {
    return { ...s.completeness, unitId: s.unit.id, unit: s.unit, period: s.period };
  }

  @ResolveField(() => DerivedStatsType, { complexity: COST.QUERY, description: 'Figures derived from the sums (one more statement for the standards).' })
  derived(@Parent() s: Stats) {
    return this.service.derived(s);
  }
}

@Resolver(() => ChangeFeedType)
export class ChangeFeedResolver {
  constructor(private readonly feed: ChangeFeedService) {}

  @Query(() => ChangeFeedType, { complexity: COST.QUERY, description: 'Approved figures changed since a cursor (null: from the start), in a stable order; up to 1,000 per page.' })
  changes(@CurrentActor() actor: Actor, @Args('since', { nullable: true }) since?: string, @Args('first', { type: () => Int, nullable: true }) first?: number) {
    return this.feed.changes(actor, since, first);
  }
}

/** AdminUnit.stats(period, basis): the unit is already visible. */
@Resolver(() => AdminUnitType)
export class AdminUnitStatsResolver {
  @ResolveField(() => StatsType, { complexity: COST.BATCHED, nullable: true })
  stats(
    @Parent() unit: AdminUnit,
    @Args('period', { type: () => Period }) period: string,
    @Args('basis', { type: () => StatsBasis, nullable: true, defaultValue: StatsBasis.APPROVED }) basis: StatsBasis | null,
    @Context() ctx: GqlContext,
  ) {
    return ctx.loaders.stats.byUnit.load(`${unit.id}|${period}|${basis ?? StatsBasis.APPROVED}`);
  }
}
