import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminTreeService, UnitLevel, type AdminUnit } from '@carenet/admin-tree';
import type { GqlContext } from '../graphql/context.js';
import { toConnection } from '../graphql/connection.js';
import { Period } from '../graphql/scalars.js';
import { AdminUnitConnection, AdminUnitType } from './admin-unit.types.js';

@Resolver(() => AdminUnitType)
export class AdminUnitResolver {
  constructor(private readonly tree: AdminTreeService) {}

  @Query(() => AdminUnitType, { nullable: true, description: 'A unit by its code (short forms accepted); NOT_FOUND when there is none.' })
  unit(
    @Args('code', { type: () => ID }) code: string,
    @Args('period', { type: () => Period, nullable: true, description: 'The unit as it was in this month.' }) period?: string,
  ): Promise<AdminUnit> {
    return this.tree.getUnit(code, period);
  }

  @Query(() => AdminUnitConnection, { description: 'Units by parent, level and name, ordered by code.' })
  async units(
    @Args('parentCode', { type: () => ID, nullable: true }) parentCode?: string,
    @Args('level', { type: () => UnitLevel, nullable: true }) level?: UnitLevel,
    @Args('nameContains', { nullable: true }) nameContains?: string,
    @Args('period', { type: () => Period, nullable: true }) period?: string,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return toConnection(await this.tree.listUnits({ parentCode, level, nameContains, period, first, after }));
  }

  @ResolveField(() => AdminUnitType, { nullable: true })
  parent(@Parent() unit: AdminUnit, @Context() ctx: GqlContext) {
    return unit.parentId === null ? null : ctx.loaders.tree.byId.load(unit.parentId);
  }

  @ResolveField(() => [AdminUnitType], { description: 'From the province down to the parent.' })
  async ancestors(@Parent() unit: AdminUnit, @Context() ctx: GqlContext) {
    const found = await ctx.loaders.tree.byId.loadMany(unit.pathIds.slice(0, -1));
    return found.filter((u): u is AdminUnit => u !== null && !(u instanceof Error));
  }

  @ResolveField(() => AdminUnitConnection)
  async children(
    @Parent() unit: AdminUnit,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('period', { type: () => Period, nullable: true }) period?: string,
  ) {
    return toConnection(await ctx.loaders.tree.children({ first, after, period }).load(unit.id));
  }
}
