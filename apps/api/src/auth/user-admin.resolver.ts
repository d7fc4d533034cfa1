import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '@carenet/core';
import { UserAdminService, type ManagedApiKeyRow, type ManagedUserRow } from '@carenet/auth';
import { CurrentActor } from '../graphql/current-actor.js';
import type { GqlContext } from '../graphql/context.js';
import { toConnection } from '../graphql/connection.js';
import { CreateUserInput } from './auth.types.js';
import {
  AdminAuditConnection,
  ChangePasswordInput,
  CreatedApiKeyType,
  CreateManagedApiKeyInput,
  ManagedApiKeyConnection,
  ManagedApiKeyType,
  ManagedUserConnection,
  ManagedUserType,
  ResetPasswordInput,
  SetApiKeyQuotaInput,
  UpdateUserInput,
} from './user-admin.types.js';
import { COST } from '../graphql/cost.js';

const user = (u: ManagedUserRow) => ({ ...u, id: String(u.id) });
const key = (k: ManagedApiKeyRow) => ({ ...k });

/** People administration (ADMIN, within their own subtree); every action is in `adminAudit`. */
@Resolver(() => ManagedUserType)
export class UserAdminResolver {
  constructor(private readonly admin: UserAdminService) {}

  @Query(() => ManagedUserConnection, { complexity: COST.QUERY, description: 'ADMIN: users homed in a unit of your subtree (default: your unit) and below; `search` matches username or unit name.' })
  async users(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID, nullable: true }) unitCode?: string,
    @Args('search', { nullable: true }) search?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    const page = await this.admin.listUsers(actor, { unitCode, search, first, after });
    return toConnection({ ...page, items: page.items.map(user) });
  }

  @Query(() => ManagedApiKeyConnection, { complexity: COST.QUERY, description: 'ADMIN: API keys of your subtree, newest first.' })
  async apiKeys(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID, nullable: true }) unitCode?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    const page = await this.admin.listApiKeys(actor, { unitCode, first, after });
    return toConnection({ ...page, items: page.items.map(key) });
  }

  @Query(() => AdminAuditConnection, { complexity: COST.QUERY, description: 'ADMIN: administrative actions on units of your subtree, newest first.' })
  async adminAudit(
    @CurrentActor() actor: Actor,
    @Args('unitCode', { type: () => ID, nullable: true }) unitCode?: string,
    @Args('action', { nullable: true }) action?: string,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    const page = await this.admin.adminAudit(actor, { unitCode, action, first, after });
    return toConnection({ ...page, items: page.items.map((e) => ({ ...e, id: String(e.id), details: JSON.stringify(e.details) })) });
  }

  @ResolveField('unit', { complexity: COST.BATCHED })
  unit(@Parent() u: { unitId: number }, @Context() ctx: GqlContext) {
    return ctx.loaders.tree.byId.load(u.unitId);
  }

  @Mutation(() => ManagedUserType, { complexity: COST.PASSWORD, description: 'ADMIN: a user of your subtree.' })
  async createManagedUser(@CurrentActor() actor: Actor, @Args('input') input: CreateUserInput) {
    return user(await this.admin.createUser(actor, input));
  }

  @Mutation(() => ManagedUserType, { complexity: COST.QUERY, description: 'ADMIN: the user can no longer sign in; their tokens are refused on the next request.' })
  async disableUser(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return user(await this.admin.setDisabled(actor, id, true));
  }

  @Mutation(() => ManagedUserType, { complexity: COST.QUERY, description: 'ADMIN: a disabled user may sign in again.' })
  async enableUser(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string) {
    return user(await this.admin.setDisabled(actor, id, false));
  }

  @Mutation(() => ManagedUserType, { complexity: COST.PASSWORD, description: 'ADMIN: a new password the user must change at the next sign-in.' })
  async resetPassword(@CurrentActor() actor: Actor, @Args('input') input: ResetPasswordInput) {
    return user(await this.admin.resetPassword(actor, input.id, input.newPassword));
  }

  @Mutation(() => ManagedUserType, { complexity: COST.QUERY, description: "ADMIN: roles and/or home unit; you must administer both the user's unit and the new one." })
  async updateUser(@CurrentActor() actor: Actor, @Args('input') input: UpdateUserInput) {
    return user(await this.admin.updateUser(actor, input));
  }

  @Mutation(() => Boolean, { complexity: COST.PASSWORD, description: 'Your own password (clears mustChangePassword).' })
  changePassword(@CurrentActor() actor: Actor, @Args('input') input: ChangePasswordInput) {
    return this.admin.changePassword(actor, input.currentPassword, input.newPassword);
  }

  @Mutation(() => CreatedApiKeyType, { complexity: COST.QUERY, description: 'ADMIN: a read-only key for a unit of your subtree, with its quota; the secret is shown once.' })
  async createManagedApiKey(@CurrentActor() actor: Actor, @Args('input') input: CreateManagedApiKeyInput) {
    const created = await this.admin.createApiKey(actor, input);
    return { secret: created.secret, apiKey: key(created.key) };
  }

  @Mutation(() => ManagedApiKeyType, { complexity: COST.QUERY, description: 'ADMIN: requests per minute for a key of your subtree.' })
  async setApiKeyQuota(@CurrentActor() actor: Actor, @Args('input') input: SetApiKeyQuotaInput) {
    return key(await this.admin.setApiKeyQuota(actor, input.id, input.quotaPerMinute));
  }
}
