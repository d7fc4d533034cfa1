/** Plain rules of a file: dates, spans as of a day, ages. */
import { invalid } from './registry.errors.js';

export function checkDate(value: string, field: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== value || Number(m[1]) < 1900) throw invalid(field, `a date written YYYY-MM-DD, got '${String(value).slice(0, 20)}'`);
  return value;
}

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** An effective date: a real date, not after today, not before the file was opened. */
export function checkEffective(value: string, field: string, openedOn: string | null, now: Date = new Date()): string {
  checkDate(value, field);
  if (value > today(now)) throw invalid(field, `may not be after today (${today(now)})`);
  if (openedOn && value < openedOn) throw invalid(field, `may not be before the file was opened (${openedOn})`);
  return value;
}

export function checkText(value: string | null | undefined, field: string, max: number, required = true): string | null {
  const v = value?.trim() ?? '';
  if (v === '') {
    if (required) throw invalid(field, 'required');
    return null;
  }
  if (v.length > max) throw invalid(field, `at most ${max} characters`);
  return v;
}

export function checkOneOf<T extends string>(value: string, field: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) throw invalid(field, `one of ${allowed.join(', ')}`);
  return value as T;
}

export function checkPhone(value: string | null | undefined, field: string): string | null {
  const v = value?.replace(/\s+/g, '') ?? '';
  if (v === '') return null;
  if (!/^\+?[0-9-]{5,20}$/.test(v)) throw invalid(field, 'a phone number: digits, an optional leading + and dashes, 5 to 20 characters');
  return v;
}

/** The spans holding on day d: valid_from <= d < valid_to. */
export function holdingOn<T extends { validFrom: string; validTo: string | null }>(spans: readonly T[], d: string): T[] {
  return spans.filter((s) => s.validFrom <= d && (s.validTo === null || s.validTo > d));
}

/** The last day of a month YYYY-MM. */
export function monthEnd(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The day a child born on birthDate turns 18. */
export function eighteenthBirthday(birthDate: string): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  // 29 February: the 18th birthday falls on 1 March in a common year
  const date = new Date(Date.UTC(y + 18, m - 1, d));
  return date.toISOString().slice(0, 10);
}

/**
 * What the database keeps of a birth date (domain.md §8): the month, and the
 * day only for a child with no ID number. With an ID number the day is inside
 * the encrypted number, and the month and the last four digits shown in lists
 * do not make it whole.
 */
export function keptBirth(birthDate: string, hasIdNumber: boolean): { birthMonth: string; birthDay: number | null } {
  return { birthMonth: `${birthDate.slice(0, 7)}-01`, birthDay: hasIdNumber ? null : Number(birthDate.slice(8, 10)) };
}

/** The birth date a full file shows: read from the decrypted ID number, else the kept month and day. */
export function fileBirthDate(kept: { birthMonth: string; birthDay: number | null }, idNumber: string | null): string {
  if (idNumber) return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return `${kept.birthMonth.slice(0, 8)}${String(kept.birthDay ?? 1).padStart(2, '0')}`;
}
