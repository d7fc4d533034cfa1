/**
 * Where notifications go, as administrators set it: a reminder webhook per
 * province and level, by month (the overdue reminders), and each user's
 * e-mail address and webhook.
 * The checks are plain functions: each returns the problems, none when fine.
 */
import { addMonths, DomainError, type ErrorCategory } from '@carenet/core';

export enum NotificationAddressReason {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_PROVINCE_ADMIN = 'NOT_PROVINCE_ADMIN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
}

const CATEGORY: Record<NotificationAddressReason, ErrorCategory> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_PROVINCE_ADMIN: 'FORBIDDEN',
  USER_NOT_FOUND: 'NOT_FOUND',
};

export class NotificationAddressError extends DomainError {
  constructor(reason: NotificationAddressReason, message: string, field?: string) {
    super(CATEGORY[reason], reason, message, field ? { field } : {});
  }
}

export interface AddressProblem {
  field: string;
  message: string;
}

export const LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,190}$/;

/** An http(s) URL with no user name or password in it (credentials in a URL end up in logs). */
export function checkWebhookUrl(url: string | null | undefined, field = 'url'): AddressProblem[] {
  let ok = false;
  try {
    const u = new URL(url ?? '');
    ok = (u.protocol === 'http:' || u.protocol === 'https:') && (url ?? '').length <= 2000 && u.username === '' && u.password === '' && /^https?:\/\//.test(url ?? '');
  } catch {
    ok = false;
  }
  return ok ? [] : [{ field, message: `${field}: an http(s) URL without credentials, at most 2000 characters` }];
}

/** The same shape as the table's check: something@host, no spaces. */
export function checkEmail(email: string | null | undefined, field = 'email'): AddressProblem[] {
  return EMAIL.test(email ?? '') ? [] : [{ field, message: `${field}: an e-mail address (name@host)` }];
}

export function checkLevel(level: string, field = 'level'): AddressProblem[] {
  return (LEVELS as readonly string[]).includes(level) ? [] : [{ field, message: `${field}: one of ${LEVELS.join(', ')}` }];
}

/** A contact holds an e-mail address, a webhook, or both. */
export function checkContact(input: { email?: string | null; webhookUrl?: string | null }): AddressProblem[] {
  if (input.email == null && input.webhookUrl == null) return [{ field: 'email', message: 'email: give an e-mail address, a webhookUrl, or both (removeNotificationContact removes one)' }];
  return [...(input.email != null ? checkEmail(input.email) : []), ...(input.webhookUrl != null ? checkWebhookUrl(input.webhookUrl, 'webhookUrl') : [])];
}

export function refuseAddress(problems: AddressProblem[]): void {
  if (problems.length) {
    const e = new NotificationAddressError(NotificationAddressReason.INVALID_INPUT, problems.map((p) => p.message).join('; '), problems[0]!.field);
    e.details.violations = problems.map((p) => ({ rule: NotificationAddressReason.INVALID_INPUT, field: p.field, message: p.message }));
    throw e;
  }
}

/**
 * The month the province's webhook for a level has been as it is since: the
 * latest version's first month while it is open; once it is removed, the
 * month after its last (from then on there is none); null when there never
 * was one. A change must take effect after this month (`checkAfter` of the
 * catalogue): the history is added to, never rewritten.
 */
export function webhookCurrentFrom(latest: { validFrom: string; validTo: string | null } | undefined): string | null {
  if (!latest) return null;
  return latest.validTo === null ? latest.validFrom : addMonths(latest.validTo, 1);
}
