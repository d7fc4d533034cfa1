/**
 * Where notifications go, as administrators set it: a reminder webhook per
 * province and level, by month (the overdue reminders), and each user's
 * e-mail address and webhook.
 * The checks are plain functions: each returns the problems, none when fine.
 */
import { addMonths, webhookUrlProblem } from '@carenet/core';
import { NotificationsError, NotificationsErrorReason } from './notifications.errors.js';

export interface AddressProblem {
  field: string;
  message: string;
  /** ADDRESS_NOT_ALLOWED and the address rule (LOOPBACK, PRIVATE, …); INVALID_INPUT when absent. */
  reason?: NotificationsErrorReason;
  rule?: string;
}

export const LEVELS = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
const EMAIL = /^[^@\s]{1,64}@[^@\s]{1,190}$/;

/**
 * An http(s) URL with no user name or password in it (credentials in a URL
 * end up in logs), on a public address unless its host is one of
 * `allowHosts` (the address rule is @carenet/core's webhookUrlProblem).
 */
export function checkWebhookUrl(url: string | null | undefined, field = 'url', allowHosts: readonly string[] = []): AddressProblem[] {
  const problem = webhookUrlProblem(url, allowHosts);
  if (!problem) return [];
  if (problem.rule === 'NOT_HTTP_URL' || problem.rule === 'CREDENTIALS' || problem.rule === 'TOO_LONG') return [{ field, message: `${field}: ${problem.message}` }];
  return [{ field, message: `${field}: ${problem.message}`, reason: NotificationsErrorReason.ADDRESS_NOT_ALLOWED, rule: problem.rule }];
}

/** The same shape as the table's check: something@host, no spaces. */
export function checkEmail(email: string | null | undefined, field = 'email'): AddressProblem[] {
  return EMAIL.test(email ?? '') ? [] : [{ field, message: `${field}: an e-mail address (name@host)` }];
}

export function checkLevel(level: string, field = 'level'): AddressProblem[] {
  return (LEVELS as readonly string[]).includes(level) ? [] : [{ field, message: `${field}: one of ${LEVELS.join(', ')}` }];
}

/** A contact holds an e-mail address, a webhook, or both. */
export function checkContact(input: { email?: string | null; webhookUrl?: string | null }, allowHosts: readonly string[] = []): AddressProblem[] {
  if (input.email == null && input.webhookUrl == null) return [{ field: 'email', message: 'email: give an e-mail address, a webhookUrl, or both (removeNotificationContact removes one)' }];
  return [...(input.email != null ? checkEmail(input.email) : []), ...(input.webhookUrl != null ? checkWebhookUrl(input.webhookUrl, 'webhookUrl', allowHosts) : [])];
}

/** A new version must take effect after the month the current one has held since (`webhookCurrentFrom`). */
export function checkAfter(effective: string, currentFrom: string | null, what: string): AddressProblem[] {
  if (currentFrom !== null && effective <= currentFrom) {
    return [{ field: 'effective', message: `effective: ${what} in force from ${currentFrom}; a change takes effect from a later month`, reason: NotificationsErrorReason.NOT_AFTER_CURRENT_VERSION }];
  }
  return [];
}

/** BAD_USER_INPUT naming the first problem's field (and its address rule, if it broke one), every problem in `violations`. */
export function refuseAddress(problems: AddressProblem[]): void {
  if (problems.length) {
    const first = problems[0]!;
    const e = new NotificationsError(first.reason ?? NotificationsErrorReason.INVALID_INPUT, problems.map((p) => p.message).join('; '), first.field);
    if (first.rule) e.details.rule = first.rule;
    e.details.violations = problems.map((p) => ({ rule: p.rule ?? p.reason ?? NotificationsErrorReason.INVALID_INPUT, field: p.field, message: p.message }));
    throw e;
  }
}

/**
 * The month the province's webhook for a level has been as it is since: the
 * latest version's first month while it is open; once it is removed, the
 * month after its last (from then on there is none); null when there never
 * was one. A change must take effect after this month (`checkAfter`): the history is added to, never rewritten.
 */
export function webhookCurrentFrom(latest: { validFrom: string; validTo: string | null } | undefined): string | null {
  if (!latest) return null;
  return latest.validTo === null ? latest.validFrom : addMonths(latest.validTo, 1);
}
