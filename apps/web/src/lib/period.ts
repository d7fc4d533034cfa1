/** Months as `YYYY-MM`, the last day of a deadline and the month now due. */
export type Level = 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE';

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

/**
 * The last day to hand a report in, `YYYY-MM-DD` in China (UTC+8), of the
 * deadline the server gives (`Report.dueAt`: the end of that day).
 */
export function deadlineDay(dueAt: string): string {
  return new Date(Date.parse(dueAt) + 8 * 3600_000 - 1).toISOString().slice(0, 10);
}

export function isPeriod(s: string | undefined): s is string {
  return !!s && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}
