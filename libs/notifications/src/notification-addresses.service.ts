import type { EntityManager } from 'typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { addMonths, checkPageSize, CONFIG, inSubtree, isProvinceAdmin, periodToDate, requireRole, requireScope, Role, type Actor, type Config } from '@carenet/core';
import { AdminAuditRepository } from '@carenet/admin-audit';
import {
  checkAfter,
  checkContact,
  checkLevel,
  checkWebhookUrl,
  refuseAddress,
  webhookCurrentFrom,
} from './notification-addresses.js';
import { NotificationsError, NotificationsErrorReason as R } from './notifications.errors.js';
import { NotificationAddressesRepository, type ContactUser, type NotificationContact, type ReminderWebhook } from './notification-addresses.repository.js';

/**
 * Where notifications go, kept by administrators: the reminder webhooks of a
 * province per level, versioned by month like the catalogue (its
 * administrators, for their own province only), and each user's e-mail
 * address and webhook (an administrator of the user's unit or
 * above; a user outside their subtree is NOT_FOUND, as if there were none).
 * Every change is in the admin audit, in its transaction.
 */
@Injectable()
export class NotificationAddressesService {
  constructor(
    private readonly repo: NotificationAddressesRepository,
    private readonly audit: AdminAuditRepository,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The reminder webhooks of the administrator's province, every version, by level and month. */
  async reminderWebhooks(actor: Actor): Promise<ReminderWebhook[]> {
    this.requireProvinceAdmin(actor);
    return this.repo.webhooks(await this.repo.unitCode(actor.unitPathIds[0]!));
  }

  /** The province's webhook for a level from a month: ends the version in force the month before and adds this one. */
  async setReminderWebhook(actor: Actor, input: { level: string; url: string; effective: string }): Promise<ReminderWebhook> {
    this.requireProvinceAdmin(actor);
    refuseAddress([...checkLevel(input.level), ...checkWebhookUrl(input.url, 'url', this.config.webhookAllowHosts)]);
    const fromDate = periodToDate(input.effective, 'effective');
    const provinceCode = await this.repo.unitCode(actor.unitPathIds[0]!);
    return this.repo.transaction(async (m) => {
      const before = await this.repo.latestWebhook(m, provinceCode, input.level);
      const what = before?.validTo ? `the removal of the province's reminder webhook for ${input.level} is` : `the province's reminder webhook for ${input.level} is`;
      refuseAddress(checkAfter(input.effective, webhookCurrentFrom(before), what));
      await this.repo.addWebhook(m, { provinceCode, level: input.level, url: input.url }, fromDate, periodToDate(addMonths(input.effective, -1)));
      await this.record(m, actor, 'REMINDER_WEBHOOK_SET', actor.unitId, input.level, { effective: input.effective, before: before ?? null, after: { level: input.level, url: input.url } });
      return { provinceCode, level: input.level, url: input.url, validFrom: input.effective, validTo: null };
    });
  }

  /** Ends the province's webhook for a level from a month (the month before is its last); false when none is in force then (nothing changes, nothing is audited). */
  async removeReminderWebhook(actor: Actor, level: string, effective: string): Promise<boolean> {
    this.requireProvinceAdmin(actor);
    refuseAddress(checkLevel(level));
    periodToDate(effective, 'effective');
    const provinceCode = await this.repo.unitCode(actor.unitPathIds[0]!);
    return this.repo.transaction(async (m) => {
      const before = await this.repo.latestWebhook(m, provinceCode, level);
      if (!before || before.validTo !== null) return false;
      refuseAddress(checkAfter(effective, before.validFrom, `the province's reminder webhook for ${level} is`));
      await this.repo.endWebhook(m, provinceCode, level, periodToDate(addMonths(effective, -1)));
      await this.record(m, actor, 'REMINDER_WEBHOOK_REMOVE', actor.unitId, level, { effective, before });
      return true;
    });
  }

  /** The contacts of the users in the administrator's subtree. */
  contacts(actor: Actor, first?: number | null): Promise<NotificationContact[]> {
    requireRole(actor, Role.ADMIN);
    return this.repo.contacts(actor.unitPathIds.join('.'), checkPageSize(first ?? 100));
  }

  async setContact(actor: Actor, input: { username: string; email?: string | null; webhookUrl?: string | null }): Promise<NotificationContact> {
    requireRole(actor, Role.ADMIN);
    refuseAddress(checkContact(input, this.config.webhookAllowHosts));
    return this.repo.transaction(async (m) => {
      const user = await this.user(m, actor, input.username);
      const before = await this.repo.contact(m, user.userId);
      const email = input.email ?? null;
      const webhookUrl = input.webhookUrl ?? null;
      await this.repo.setContact(m, user.userId, email, webhookUrl);
      await this.record(m, actor, 'NOTIFICATION_CONTACT_SET', user.unitId, user.username, { before: before ?? null, after: { email, webhookUrl } });
      return { username: user.username, unitCode: user.unitCode, email, webhookUrl };
    });
  }

  /** False when the user had none (nothing changes, nothing is audited). */
  async removeContact(actor: Actor, username: string): Promise<boolean> {
    requireRole(actor, Role.ADMIN);
    return this.repo.transaction(async (m) => {
      const user = await this.user(m, actor, username);
      const before = await this.repo.contact(m, user.userId);
      if (!before) return false;
      await this.repo.removeContact(m, user.userId);
      await this.record(m, actor, 'NOTIFICATION_CONTACT_REMOVE', user.unitId, user.username, { before });
      return true;
    });
  }

  /** A user the administrator administers; one outside their subtree answers like one that does not exist. */
  private async user(m: EntityManager, actor: Actor, username: string): Promise<ContactUser> {
    const user = await this.repo.user(m, String(username ?? '').slice(0, 100));
    const ref = user && { id: user.unitId, code: user.unitCode, depth: user.unitPathIds.length, pathIds: user.unitPathIds };
    if (!user || !ref || !inSubtree(actor, ref)) throw new NotificationsError(R.USER_NOT_FOUND, `username: no user called ${String(username).slice(0, 100)}`, 'username');
    requireScope(actor, ref, 'ADMINISTER', 'username');
    return user;
  }

  private record(m: EntityManager, actor: Actor, action: string, unitId: number, target: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.append({ actorId: actor.kind === 'user' ? (actor.id as number) : null, actor: actor.name, action, unitId, target, details }, m);
  }

  private requireProvinceAdmin(actor: Actor): void {
    if (!isProvinceAdmin(actor)) throw new NotificationsError(R.NOT_PROVINCE_ADMIN, 'reminder webhooks are kept by the province’s administrators');
  }
}
