import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { NotificationsService } from '@carenet/notifications';
import type { Actor } from '@carenet/core';
import { CurrentActor } from '../graphql/current-actor.js';
import { DateTime, Period } from '../graphql/scalars.js';

@ObjectType('Notification', { description: 'A message in the signed-in user’s inbox.' })
export class NotificationType {
  @Field(() => ID) id!: string;
  @Field({ description: 'REPORT_RETURNED, REPORTS_WAITING, DEADLINE_SOON, OVERDUE or ESCALATION.' }) kind!: string;
  @Field() title!: string;
  @Field() body!: string;
  @Field(() => ID, { nullable: true }) unitCode!: string | null;
  @Field(() => Period, { nullable: true }) period!: string | null;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime, { nullable: true }) readAt!: Date | null;
}

@Resolver()
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Query(() => [NotificationType], { description: 'The signed-in user’s notifications, newest first; `before`: an id, for the next page.' })
  async notifications(
    @CurrentActor() actor: Actor,
    @Args('unreadOnly', { defaultValue: false }) unreadOnly: boolean,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100, default 20.' }) first?: number,
    @Args('before', { type: () => ID, nullable: true }) before?: string,
  ) {
    const items = await this.service.inbox(actor, unreadOnly, first, before ? Number(before) || null : null);
    return items.map((n) => ({ ...n, id: String(n.id) }));
  }

  @Mutation(() => Int, { description: 'Marks the signed-in user’s notifications read; returns how many were unread.' })
  markNotificationsRead(@CurrentActor() actor: Actor, @Args('ids', { type: () => [ID] }) ids: string[]) {
    return this.service.markRead(actor, ids.map(Number));
  }
}
