import { InputError, InputErrorReason } from './errors.js';

/** A calendar month, written YYYY-MM. */
export type Period = string;

const PERIOD_RE = /^(\d{4})-(\d{2})$/;

export function parsePeriod(value: string, field = 'period'): { year: number; month: number } {
  const m = PERIOD_RE.exec(value);
  const month = m ? Number(m[2]) : 0;
  const year = m ? Number(m[1]) : 0;
  if (!m || month < 1 || month > 12 || year < 1900 || year > 9999) {
    throw new InputError(InputErrorReason.INVALID_PERIOD, `${field}: must be a month written YYYY-MM, got '${value}'`, field);
  }
  return { year, month };
}

/** The first day of the month, as an ISO date string (what date columns hold). */
export function periodToDate(period: Period, field = 'period'): string {
  const { year, month } = parsePeriod(period, field);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** 'YYYY-MM-DD' or a Date (UTC) back to a period. */
export function dateToPeriod(date: string | Date): Period {
  const iso = typeof date === 'string' ? date : date.toISOString();
  return iso.slice(0, 7);
}

export function addMonths(period: Period, delta: number): Period {
  const { year, month } = parsePeriod(period);
  const index = year * 12 + (month - 1) + delta;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A well-formed month that has ended at `now`: the one rule for everything filed or built for a month. */
export function requireEnded(period: Period, now: Date, field = 'period', what = 'reports are filed for months that have ended'): Period {
  parsePeriod(period, field);
  if (!hasEnded(period, now)) throw new InputError(InputErrorReason.FUTURE_PERIOD, `${field}: ${period} has not ended yet; ${what}`, field);
  return period;
}

/** A month has ended when the first day of the next month (UTC+8, China) has begun. */
export function hasEnded(period: Period, now: Date = new Date()): boolean {
  const next = addMonths(period, 1);
  const startOfNextInChina = Date.parse(`${next}-01T00:00:00+08:00`);
  return now.getTime() >= startOfNextInChina;
}
