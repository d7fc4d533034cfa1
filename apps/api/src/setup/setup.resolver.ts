import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { SetupService } from '@carenet/setup';
import { CurrentActor } from '../graphql/current-actor.js';
import type { GqlContext } from '../graphql/context.js';
import { AuthPayloadType } from '../auth/auth.types.js';
import { viewerOf } from '../auth/viewer.js';
import { COST } from '../graphql/cost.js';
import { SetUpInput, SetupProvinceType, SetupStateType } from './setup.types.js';

@Resolver()
export class SetupResolver {
  constructor(private readonly setup: SetupService) {}

  @Query(() => SetupStateType, { complexity: COST.QUERY, description: 'Needs no sign-in: whether the first-run setup is open (no user exists yet).' })
  setupState() {
    return this.setup.state();
  }

  @Mutation(() => AuthPayloadType, {
    complexity: COST.TREE_CHANGE,
    description:
      'Needs no sign-in, works once: on a carenet with no user, loads the first chosen province, creates the first administrator there and signs them in; the other provinces load in the background (setupProgress). FORBIDDEN (SETUP_CLOSED) once a user exists.',
  })
  async setUp(@Args('input') input: SetUpInput, @Context() ctx: GqlContext) {
    const result = await this.setup.setUp({ ...input }, ctx.req.ip ?? ctx.req.socket?.remoteAddress ?? 'unknown');
    return { token: result.token, expiresAt: result.expiresAt, viewer: viewerOf(result.actor) };
  }

  @Query(() => [SetupProvinceType], { complexity: COST.QUERY, description: 'ADMIN only: the provinces the setup chose, with the progress of their loading.' })
  setupProgress(@CurrentActor() actor: Actor) {
    return this.setup.progress(actor);
  }
}
