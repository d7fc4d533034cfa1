import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { ImportJobsService } from '@carenet/reporting';
import { CurrentActor } from '../graphql/current-actor.js';
import { ImportChildrenInput } from '../registry/registry.types.js';
import { ImportJobType } from './import-job.types.js';
import { ImportReportsInput } from './report.types.js';
import { COST } from '../graphql/cost.js';

@Resolver(() => ImportJobType)
export class ImportJobResolver {
  constructor(private readonly jobs: ImportJobsService) {}

  @Query(() => ImportJobType, { complexity: COST.QUERY, nullable: true, description: 'An import job you started (administrators: any under their unit); NOT_FOUND for any other id.' })
  importJob(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.jobs.importJob(actor, id);
  }

  @Mutation(() => ImportJobType, { complexity: COST.FILE, description: 'importReports as a background job: checked and stored at once, run by the worker; poll importJob.' })
  startReportImport(@CurrentActor() actor: Actor, @Args('input') input: ImportReportsInput) {
    return this.jobs.startReportImport(actor, input);
  }

  @Mutation(() => ImportJobType, { complexity: COST.FILE, description: 'importChildren as a background job: checked and stored at once, run by the worker; poll importJob.' })
  startRegistryImport(@CurrentActor() actor: Actor, @Args('input') input: ImportChildrenInput) {
    return this.jobs.startRegistryImport(actor, input);
  }
}
