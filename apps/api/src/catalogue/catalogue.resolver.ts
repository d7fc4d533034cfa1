import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { CatalogueService } from '@carenet/catalogue';
import { CurrentActor } from '../graphql/current-actor.js';
import {
  AddIndicatorInputType,
  CatalogueHistoryType,
  IndicatorVersionType,
  RenameIndicatorInputType,
  ReportDeadlineType,
  RetireIndicatorInputType,
  SetReportDeadlineInputType,
  SetSubsidyStandardInputType,
  SubsidyStandardType,
} from './catalogue.types.js';
import { COST } from '../graphql/cost.js';

/** The catalogue as managed data: province administrators change it from a month; everyone signed in reads its history. */
@Resolver()
export class CatalogueResolver {
  constructor(private readonly catalogue: CatalogueService) {}

  @Query(() => CatalogueHistoryType, { complexity: COST.QUERY, description: 'Every version of the indicators, and of the caller’s province’s subsidy standards and deadlines, by month.' })
  async catalogueHistory(@CurrentActor() actor: Actor) {
    const [indicators, subsidyStandards, reportDeadlines] = await Promise.all([
      this.catalogue.indicatorHistory(),
      this.catalogue.subsidyStandards(actor),
      this.catalogue.reportDeadlines(actor),
    ]);
    return { indicators, subsidyStandards, reportDeadlines };
  }

  @Mutation(() => IndicatorVersionType, { complexity: COST.QUERY, description: 'Province ADMIN: a new indicator, on the form from a month.' })
  addIndicator(@CurrentActor() actor: Actor, @Args('input') input: AddIndicatorInputType) {
    return this.catalogue.addIndicator(actor, input);
  }

  @Mutation(() => IndicatorVersionType, { complexity: COST.QUERY, description: 'Province ADMIN: new names from a month; earlier months keep the old ones.' })
  renameIndicator(@CurrentActor() actor: Actor, @Args('input') input: RenameIndicatorInputType) {
    return this.catalogue.renameIndicator(actor, input);
  }

  @Mutation(() => IndicatorVersionType, { complexity: COST.QUERY, description: 'Province ADMIN: off the form from a month; refused while a rule (E3, E4, W1, W3) names it.' })
  retireIndicator(@CurrentActor() actor: Actor, @Args('input') input: RetireIndicatorInputType) {
    return this.catalogue.retireIndicator(actor, input);
  }

  @Mutation(() => SubsidyStandardType, { complexity: COST.QUERY, description: 'Province ADMIN: the province’s standard for a subsidy from a month.' })
  setSubsidyStandard(@CurrentActor() actor: Actor, @Args('input') input: SetSubsidyStandardInputType) {
    return this.catalogue.setSubsidyStandard(actor, input);
  }

  @Mutation(() => ReportDeadlineType, { complexity: COST.QUERY, description: 'Province ADMIN: the province’s deadline for a level’s reports from a month.' })
  setReportDeadline(@CurrentActor() actor: Actor, @Args('input') input: SetReportDeadlineInputType) {
    return this.catalogue.setReportDeadline(actor, input);
  }
}
