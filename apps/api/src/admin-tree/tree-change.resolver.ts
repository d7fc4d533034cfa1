import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { TreeChangeService, type AdminUnit, type TreeChangeInput } from '@carenet/admin-tree';
import type { Actor } from '@carenet/core';
import { CurrentActor } from '../graphql/current-actor.js';
import { AdminUnitType } from './admin-unit.types.js';
import { TreeChangeInputType, TreeChangePreviewType, TreeChangeType, UnitLineageType } from './tree-change.types.js';
import { COST } from '../graphql/cost.js';

function plain(input: TreeChangeInputType): TreeChangeInput {
  return { ...input, parts: input.parts?.map((p) => ({ ...p })) };
}

@Resolver(() => AdminUnitType)
export class TreeChangeResolver {
  constructor(private readonly changes: TreeChangeService) {}

  @Query(() => TreeChangePreviewType, { complexity: COST.TREE_CHANGE, description: 'What a tree change would touch, without changing anything (ADMIN of the units concerned).' })
  previewTreeChange(@CurrentActor() actor: Actor, @Args('input', { type: () => TreeChangeInputType }) input: TreeChangeInputType) {
    return this.changes.preview(actor, plain(input));
  }

  @Mutation(() => TreeChangeType, { complexity: COST.TREE_CHANGE, description: 'Applies a tree change atomically; previewFingerprint is the one previewTreeChange gave for the same input.' })
  async applyTreeChange(
    @CurrentActor() actor: Actor,
    @Args('input', { type: () => TreeChangeInputType }) input: TreeChangeInputType,
    @Args('previewFingerprint') previewFingerprint: string,
  ) {
    const applied = await this.changes.apply(actor, plain(input), previewFingerprint);
    return { ...applied, id: String(applied.id) };
  }

  @ResolveField(() => [UnitLineageType], { complexity: COST.QUERY, description: 'The units this one continues (moved, renamed, merged or split into it).' })
  async predecessors(@Parent() unit: AdminUnit) {
    return (await this.changes.lineage([unit.id], 'predecessors')).get(unit.id) ?? [];
  }

  @ResolveField(() => [UnitLineageType], { complexity: COST.QUERY, description: 'The units that continue this one after a change.' })
  async successors(@Parent() unit: AdminUnit) {
    return (await this.changes.lineage([unit.id], 'successors')).get(unit.id) ?? [];
  }
}
