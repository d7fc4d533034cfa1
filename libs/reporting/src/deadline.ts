import { inForceIn } from '@carenet/indicators';

/**
 * The deadline of a month's report, as SQL: `dueAt` (workflow.ts) in a
 * statement. Reports are due a number of days after the month ends, at the end
 * of that day in China (UTC+8); every statement that speaks of a deadline (the
 * overdue flags, the deadline notifications, the approval inbox) takes it from
 * here.
 */

/**
 * The deadline rows in force in `month` for the unit `unit` (an admin_unit
 * alias): `d1` the province's own, `d0` the default; read the days with
 * DEADLINE_DAYS. Adds the alias `dp`, the unit's province.
 */
export function deadlineJoins(unit: string, month: string): string {
  return `JOIN admin_unit dp ON dp.id = (string_to_array(${unit}.path::text, '.')::int[])[1]
          JOIN report_deadline d0 ON d0.province_code = '000000000000' AND d0.level = ${unit}.level AND ${inForceIn('d0', month)}
          LEFT JOIN report_deadline d1 ON d1.province_code = dp.code AND d1.level = ${unit}.level AND ${inForceIn('d1', month)}`;
}

/** The days after the month ends, as `deadlineJoins` finds them. */
export const DEADLINE_DAYS = 'coalesce(d1.days, d0.days)';

/** The instant (timestamptz) the report of `month` (a first-of-month date) is due: as `dueAt(period, days)`. */
export function deadlineAt(month: string, days = DEADLINE_DAYS): string {
  return `((${month}::date + interval '1 month' + make_interval(days => ${days}))::timestamp AT TIME ZONE 'Asia/Shanghai')`;
}

/** The last day (date, China time) on which the report of `month` is on time: the day `deadlineAt` ends. */
export function deadlineDay(month: string, days = DEADLINE_DAYS): string {
  return `((${deadlineAt(month, days)} AT TIME ZONE 'Asia/Shanghai') - interval '1 day')::date`;
}
