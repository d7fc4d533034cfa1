import { Args, Context, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdminTreeService, UnitLevel, type AdminUnit } from '@carenet/admin-tree';
import type { Actor } from '@carenet/core';
import type { GqlContext } from '../graphql/context.js';
import { CurrentActor } from '../graphql/current-actor.js';
import { toConnection } from '../graphql/connection.js';
import { Period } from '../graphql/scalars.js';
import { AdminUnitConnection, AdminUnitType } from './admin-unit.types.js';
import { COST } from '../graphql/cost.js';

@Resolver(() => AdminUnitType)
export class AdminUnitResolver {
  constructor(private readonly tree: AdminTreeService) {}

  @Query(() => AdminUnitType, { complexity: COST.QUERY, nullable: true, description: 'A unit by its code (short forms accepted); NOT_FOUND when there is none.' })
  unit(
    @CurrentActor() actor: Actor,
    @Args('code', { type: () => ID }) code: string,
    @Args('period', { type: () => Period, nullable: true, description: 'The unit as it was in this month.' }) period?: string,
  ): Promise<AdminUnit> {
    return this.tree.visibleUnit(actor, code, period);
  }

  @Query(() => AdminUnitConnection, { complexity: COST.QUERY, description: 'Units by parent, level and name, ordered by code.' })
  async units(
    @CurrentActor() actor: Actor,
    @Args('parentCode', { type: () => ID, nullable: true }) parentCode?: string,
    @Args('level', { type: () => UnitLevel, nullable: true }) level?: UnitLevel,
    @Args('nameContains', { nullable: true }) nameContains?: string,
    @Args('period', { type: () => Period, nullable: true }) period?: string,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100, default 20.' }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return toConnection(await this.tree.listVisibleUnits(actor, { parentCode, level, nameContains, period, first, after }));
  }

  @ResolveField(() => AdminUnitType, { complexity: COST.BATCHED, nullable: true, description: 'Null at the top of the tree, or of what the viewer may see.' })
  async parent(@Parent() unit: AdminUnit, @CurrentActor() actor: Actor, @Context() ctx: GqlContext) {
    if (unit.parentId === null) return null;
    const parent = await ctx.loaders.tree.byId.load(unit.parentId);
    return parent && this.tree.canSee(actor, parent) ? parent : null;
  }

  @ResolveField(() => [AdminUnitType], { complexity: COST.BATCHED, description: 'From the top down to the parent, as far up as the viewer may see.' })
  async ancestors(@Parent() unit: AdminUnit, @CurrentActor() actor: Actor, @Context() ctx: GqlContext) {
    const found = await ctx.loaders.tree.byId.loadMany(unit.pathIds.slice(0, -1));
    return found.filter((u): u is AdminUnit => u !== null && !(u instanceof Error) && this.tree.canSee(actor, u));
  }

  @ResolveField(() => AdminUnitConnection, { complexity: COST.BATCHED })
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
