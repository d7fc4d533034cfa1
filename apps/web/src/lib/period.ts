/** Months as `YYYY-MM`, deadlines and the month now due. */
export type Level = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';

/** Days after the month ends (domain defaults; the province may set others). */
export const DEADLINE_DAYS: Record<Level, number> = { VILLAGE: 5, TOWNSHIP: 8, COUNTY: 10, CITY: 12, PROVINCE: 15 };

export function periodOf(d: Date): string {
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function shiftPeriod(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y!, m! - 1 + months, 1));
  return periodOf(d);
}

/** The month now due: the last month that has ended. */
export function duePeriod(now = new Date()): string {
  return shiftPeriod(periodOf(now), -1);
}

/** The deadline of a unit's report for a month (end of the day, China time ≈ UTC+8). */
export function deadlineOf(period: string, level: Level): Date {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y!, m!, DEADLINE_DAYS[level], 15, 59, 59));
}

export function isPeriod(s: string | undefined): s is string {
  return !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}
