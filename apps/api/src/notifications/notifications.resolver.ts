import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { NotificationAddressesService, NotificationsService } from '@carenet/notifications';
import { UnitLevel } from '@carenet/admin-tree';
import type { Actor } from '@carenet/core';
import { CurrentActor } from '../graphql/current-actor.js';
import { DateTime, Period } from '../graphql/scalars.js';
import { COST } from '../graphql/cost.js';

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

@ObjectType('ReminderWebhook', { description: 'Where the overdue reminders of a province’s units of a level are posted, from a month (a version).' })
export class ReminderWebhookType {
  @Field(() => ID) provinceCode!: string;
  @Field(() => UnitLevel) level!: UnitLevel;
  @Field() url!: string;
  @Field(() => Period, { description: 'The first month the version is in force.' }) validFrom!: string;
  @Field(() => Period, { nullable: true, description: 'The last month; null while in force.' }) validTo!: string | null;
}

@ObjectType('NotificationContact', { description: 'Where a user’s notifications are delivered besides the inbox.' })
export class NotificationContactType {
  @Field() username!: string;
  @Field(() => ID) unitCode!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) webhookUrl!: string | null;
}

@InputType('SetNotificationContactInput')
export class SetNotificationContactInput {
  @Field() username!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) webhookUrl?: string | null;
}

@Resolver()
export class NotificationsResolver {
  constructor(
    private readonly service: NotificationsService,
    private readonly addresses: NotificationAddressesService,
  ) {}

  @Query(() => [ReminderWebhookType], { complexity: COST.QUERY, description: 'Province ADMIN: the reminder webhooks of the caller’s province, every version, by level and month.' })
  reminderWebhooks(@CurrentActor() actor: Actor) {
    return this.addresses.reminderWebhooks(actor);
  }

  @Mutation(() => ReminderWebhookType, {
    complexity: COST.QUERY,
    description: 'Province ADMIN: the reminder webhook of a level of the caller’s province from a month; the version in force ends the month before.',
  })
  setReminderWebhook(
    @CurrentActor() actor: Actor,
    @Args('level', { type: () => UnitLevel }) level: UnitLevel,
    @Args('url') url: string,
    @Args('effective', { type: () => Period, description: 'The first month; after the month the current version began.' }) effective: string,
  ) {
    return this.addresses.setReminderWebhook(actor, { level, url, effective });
  }

  @Mutation(() => Boolean, { complexity: COST.QUERY, description: 'Province ADMIN: ends the reminder webhook of a level of the caller’s province from a month (the month before is its last); false when none is in force.' })
  removeReminderWebhook(
    @CurrentActor() actor: Actor,
    @Args('level', { type: () => UnitLevel }) level: UnitLevel,
    @Args('effective', { type: () => Period, description: 'The first month without it; after the month the current version began.' }) effective: string,
  ) {
    return this.addresses.removeReminderWebhook(actor, level, effective);
  }

  @Query(() => [NotificationContactType], { complexity: COST.QUERY, description: 'ADMIN: the contacts of the users in the caller’s subtree, by user name.' })
  notificationContacts(@CurrentActor() actor: Actor, @Args('first', { type: () => Int, nullable: true, description: '1 to 100, default 100.' }) first?: number) {
    return this.addresses.contacts(actor, first);
  }

  @Mutation(() => NotificationContactType, { complexity: COST.QUERY, description: 'ADMIN: sets the e-mail address and webhook of a user in the caller’s subtree.' })
  setNotificationContact(@CurrentActor() actor: Actor, @Args('input') input: SetNotificationContactInput) {
    return this.addresses.setContact(actor, input);
  }

  @Mutation(() => Boolean, { complexity: COST.QUERY, description: 'ADMIN: removes the contact of a user in the caller’s subtree; false when they had none.' })
  removeNotificationContact(@CurrentActor() actor: Actor, @Args('username') username: string) {
    return this.addresses.removeContact(actor, username);
  }

  @Query(() => [NotificationType], { complexity: COST.QUERY, description: 'The signed-in user’s notifications, newest first; `before`: an id, for the next page.' })
  async notifications(
    @CurrentActor() actor: Actor,
    @Args('unreadOnly', { defaultValue: false }) unreadOnly: boolean,
    @Args('first', { type: () => Int, nullable: true, description: '1 to 100, default 20.' }) first?: number,
    @Args('before', { type: () => ID, nullable: true }) before?: string,
  ) {
    const items = await this.service.inbox(actor, unreadOnly, first, before);
    return items.map((n) => ({ ...n, id: String(n.id) }));
  }

  @Mutation(() => Int, { complexity: COST.QUERY, description: 'Marks the signed-in user’s notifications read; returns how many were unread.' })
  markNotificationsRead(@CurrentActor() actor: Actor, @Args('ids', { type: () => [ID] }) ids: string[]) {
    return this.service.markRead(actor, ids);
  }
}
