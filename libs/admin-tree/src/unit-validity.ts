/**
 * "This unit as it was that month", as SQL: the one place that says which rows
 * of `admin_unit` make up the tree of a month (README: the tree and its
 * history). `month` is a SQL expression for the month's first day, such as `$2`.
 */
export function existedIn(alias: string, month: string): string {
  return `${alias}.valid_from <= ${month}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${month}::date)`;
}

/** The unit as it stands now. */
export function existsNow(alias: string): string {
  return `${alias}.valid_to IS NULL`;
}
