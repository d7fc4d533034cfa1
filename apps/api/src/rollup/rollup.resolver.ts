import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { CompletenessService, ProvincialReportService, type Completeness, type ProvincialReport } from '@carenet/rollup';
import { AdminUnitConnection } from '../admin-tree/admin-unit.types.js';
import { toConnection } from '../graphql/connection.js';
import { CurrentActor } from '../graphql/current-actor.js';
import { Period } from '../graphql/scalars.js';
import { CompletenessType, ProvincialReportType } from './rollup.types.js';
import { COST } from '../graphql/cost.js';

@Resolver(() => CompletenessType)
export class CompletenessResolver {
  constructor(private readonly service: CompletenessService) {}

  @Query(() => CompletenessType, { complexity: COST.QUERY })
  completeness(@CurrentActor() actor: Actor, @Args('unitCode', { type: () => ID }) unitCode: string, @Args('period', { type: () => Period }) period: string) {
    return this.service.get(actor, unitCode, period);
  }

  @ResolveField(() => AdminUnitConnection, { complexity: COST.QUERY, description: 'Child units whose own report is not yet submitted, approved or exempted.' })
  async missing(
    @Parent() c: Completeness,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return toConnection(await this.service.missing(c, first, after));
  }
}

@Resolver(() => ProvincialReportType)
export class ProvincialReportResolver {
  constructor(private readonly reports: ProvincialReportService) {}

  @Query(() => ProvincialReportType, { complexity: COST.QUERY, nullable: true, description: 'The latest version, or the one asked for; null before the first is built.' })
  provincialReport(
    @CurrentActor() actor: Actor,
    @Args('provinceCode', { type: () => ID }) provinceCode: string,
    @Args('period', { type: () => Period }) period: string,
    @Args('version', { type: () => Int, nullable: true }) version?: number,
  ) {
    return this.reports.get(actor, provinceCode, period, version);
  }

  @Mutation(() => Boolean, { complexity: COST.QUERY, description: 'Queues a new version of the provincial report (provincial approvers and administrators).' })
  async buildProvincialReport(@CurrentActor() actor: Actor, @Args('provinceCode', { type: () => ID }) provinceCode: string, @Args('period', { type: () => Period }) period: string) {
    await this.reports.requestBuild(actor, provinceCode, period);
    return true;
  }

  @ResolveField({ complexity: COST.FREE })
  rows(@Parent() r: ProvincialReport) {
    return r.content.rows;
  }

  @ResolveField({ complexity: COST.FREE })
  warnings(@Parent() r: ProvincialReport) {
    return r.content.warnings;
  }

  @ResolveField({ complexity: COST.FREE })
  checksum(@Parent() r: ProvincialReport) {
    return r.content.rows.find((row) => row.level === 'PROVINCE')?.values.reduce((s, v) => s + v.value, 0) ?? 0;
  }

  @ResolveField({ complexity: COST.FREE })
  downloads(@Parent() r: ProvincialReport) {
    const base = `/exports/provincial-report/${r.provinceCode}/${r.period}/${r.version}`;
    return { xlsx: `${base}.xlsx`, csv: `${base}.csv` };
  }
}
