import { Args, Context, ID, Mutation, Query, ResolveField, Resolver, Parent } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { AuthService, UserAdminService } from '@carenet/auth';
import { CurrentActor } from '../graphql/current-actor.js';
import type { GqlContext } from '../graphql/context.js';
import { ApiKeyPayloadType, AuthPayloadType, CreateApiKeyInput, CreateUserInput, UserType, ViewerType } from './auth.types.js';
import { viewerOf as viewer } from './viewer.js';
import { COST } from '../graphql/cost.js';


@Resolver(() => ViewerType)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly admin: UserAdminService,
  ) {}

  @Query(() => ViewerType, { complexity: COST.FREE, description: 'The user or API key making the request.' })
  me(@CurrentActor() actor: Actor) {
    return viewer(actor);
  }

  @ResolveField('unit', { complexity: COST.BATCHED })
  unit(@Parent() v: { actor: Actor }, @Context() ctx: GqlContext) {
    return ctx.loaders.tree.byId.load(v.actor.unitId);
  }

  @ResolveField('mustChangePassword', () => Boolean, { complexity: COST.QUERY })
  mustChangePassword(@Parent() v: { actor: Actor }) {
    return this.admin.mustChangePassword(v.actor);
  }

  @Mutation(() => AuthPayloadType, { complexity: COST.PASSWORD, description: 'A token (JWT) for `Authorization: Bearer …`; attempts are budgeted per username and per client address.' })
  async login(@Args('username') username: string, @Args('password') password: string, @Context() ctx: GqlContext) {
    const result = await this.auth.login(username, password, ctx.req.ip ?? ctx.req.socket?.remoteAddress ?? 'unknown');
    return { token: result.token, expiresAt: result.expiresAt, viewer: viewer(result.actor) };
  }

  @Mutation(() => UserType, { complexity: COST.PASSWORD, description: 'ADMIN only: a user homed in your subtree (audited).' })
  async createUser(@CurrentActor() actor: Actor, @Args('input') input: CreateUserInput) {
    const user = await this.admin.createUser(actor, input);
    return { id: String(user.id), username: user.username, roles: user.roles, unitCode: user.unitCode };
  }

  @Mutation(() => ApiKeyPayloadType, { complexity: COST.QUERY, description: 'ADMIN only: a read-only key for one subtree; the secret is shown once.' })
  async createApiKey(@CurrentActor() actor: Actor, @Args('input') input: CreateApiKeyInput) {
    const { secret, key } = await this.admin.createApiKey(actor, input);
    return { secret, apiKey: { id: key.id, name: key.name, unitCode: key.unitCode } };
  }

  @Mutation(() => Boolean, { complexity: COST.QUERY, description: 'ADMIN only: the key stops working at once.' })
  revokeApiKey(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return this.admin.revokeApiKey(actor, id);
  }
}
