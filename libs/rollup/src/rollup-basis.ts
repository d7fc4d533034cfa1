import { COUNTED_STATUSES, sqlList } from '@carenet/core';

/** The two statistics bases, as rows `b(basis)` to join on. */
export const BASES = `(VALUES ('APPROVED'::stats_basis), ('PROVISIONAL'::stats_basis)) AS b(basis)`;

/** Which reports count on which basis: APPROVED counts approved ones; PROVISIONAL also submitted ones. */
export const COUNTS_ON_BASIS = `((b.basis = 'APPROVED' AND r.status IN ${sqlList(COUNTED_STATUSES.APPROVED)}) OR (b.basis = 'PROVISIONAL' AND r.status IN ${sqlList(COUNTED_STATUSES.PROVISIONAL)}))`;
