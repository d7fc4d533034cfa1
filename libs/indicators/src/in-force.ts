/**
 * A catalogue row (indicator, name, subsidy standard, deadline) is in force
 * from its `valid_from` month to its `valid_to` month, both included; an open
 * row (`valid_to` NULL) is in force from `valid_from` on.
 */
export function inForceIn(alias: string, month: string): string {
  return `${alias}.valid_from <= ${month}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${month}::date)`;
}
