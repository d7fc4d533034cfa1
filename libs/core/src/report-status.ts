/**
 * Where a report stands in the monthly workflow (docs/domain.md §4), and the
 * groups of statuses the rules speak of. Every statement and rule that asks
 * "is it submitted?" or "is it done?" uses these lists.
 */
export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
  EXEMPTED = 'EXEMPTED',
}

/** Done, for the parent's submission and completeness "approved": approved, or exempted by an approver. */
export const DONE_STATUSES: readonly ReportStatus[] = [ReportStatus.APPROVED, ReportStatus.EXEMPTED];

/** Handed in, for completeness "submitted" and deadlines: submitted or any later state. */
export const HANDED_IN_STATUSES: readonly ReportStatus[] = [ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.EXEMPTED];

/** Still with the unit, its figures open to saving and submitting: a draft, or returned to it. */
export const OPEN_STATUSES: readonly ReportStatus[] = [ReportStatus.DRAFT, ReportStatus.RETURNED];

/** Whose figures count on each statistics basis. */
export const COUNTED_STATUSES = {
  APPROVED: [ReportStatus.APPROVED] as readonly ReportStatus[],
  PROVISIONAL: [ReportStatus.SUBMITTED, ReportStatus.APPROVED] as readonly ReportStatus[],
};

/** A list of statuses as a SQL literal list: `('APPROVED', 'EXEMPTED')`. The values are enum members, never input. */
export function sqlList(statuses: readonly ReportStatus[]): string {
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}
