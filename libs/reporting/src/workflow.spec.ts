import { ReportStatus as S } from './report.js';
import { WorkflowAction as A, decide, dueAt, isLate, type TransitionFacts } from './workflow.js';

const facts = (action: A, status: S | null, extra: Partial<TransitionFacts> = {}): TransitionFacts => ({
  action,
  status,
  permitted: true,
  actorIsEditor: false,
  lockedByAncestor: false,
  parentApproved: false,
  ...extra,
});

describe('workflow transitions (status × action)', () => {
  it.each<[A, S | null, S | string]>([
    [A.SAVE, null, S.DRAFT],
    [A.SAVE, S.DRAFT, S.DRAFT],
    [A.SAVE, S.RETURNED, S.RETURNED],
    [A.SAVE, S.SUBMITTED, 'INVALID_TRANSITION'],
    [A.SAVE, S.APPROVED, 'INVALID_TRANSITION'],
    [A.SAVE, S.EXEMPTED, 'INVALID_TRANSITION'],
    [A.SUBMIT, null, S.SUBMITTED],
    [A.SUBMIT, S.DRAFT, S.SUBMITTED],
    [A.SUBMIT, S.RETURNED, S.SUBMITTED],
    [A.SUBMIT, S.SUBMITTED, 'INVALID_TRANSITION'],
    [A.SUBMIT, S.APPROVED, 'INVALID_TRANSITION'],
    [A.APPROVE, S.SUBMITTED, S.APPROVED],
    [A.APPROVE, null, 'INVALID_TRANSITION'],
    [A.APPROVE, S.DRAFT, 'INVALID_TRANSITION'],
    [A.APPROVE, S.RETURNED, 'INVALID_TRANSITION'],
    [A.APPROVE, S.APPROVED, 'INVALID_TRANSITION'],
    [A.RETURN, S.SUBMITTED, S.RETURNED],
    [A.RETURN, S.DRAFT, 'INVALID_TRANSITION'],
    [A.RETURN, S.APPROVED, 'INVALID_TRANSITION'],
    [A.REOPEN, S.APPROVED, S.RETURNED],
    [A.REOPEN, S.EXEMPTED, S.DRAFT],
    [A.REOPEN, S.SUBMITTED, 'INVALID_TRANSITION'],
    [A.REOPEN, S.DRAFT, 'INVALID_TRANSITION'],
    [A.EXEMPT, null, S.EXEMPTED],
    [A.EXEMPT, S.DRAFT, S.EXEMPTED],
    [A.EXEMPT, S.RETURNED, S.EXEMPTED],
    [A.EXEMPT, S.SUBMITTED, 'INVALID_TRANSITION'],
    [A.EXEMPT, S.APPROVED, 'INVALID_TRANSITION'],
  ])('%s on %s → %s', (action, status, expected) => {
    const d = decide(facts(action, status));
    if ('next' in d) expect(d.next).toBe(expected);
    else expect(d.refused.reason).toBe(expected);
  });

  it.each<[string, TransitionFacts, string]>([
    ['without the right for the action', facts(A.APPROVE, S.SUBMITTED, { permitted: false }), 'NOT_ALLOWED'],
    ['a clerk action without the right', facts(A.SAVE, S.DRAFT, { permitted: false }), 'NOT_ALLOWED'],
    ['approving what one saved or submitted', facts(A.APPROVE, S.SUBMITTED, { actorIsEditor: true }), 'SELF_APPROVAL'],
    ['saving under an approved ancestor', facts(A.SAVE, S.DRAFT, { lockedByAncestor: true }), 'REPORT_LOCKED'],
    ['approving under an approved ancestor', facts(A.APPROVE, S.SUBMITTED, { lockedByAncestor: true }), 'REPORT_LOCKED'],
    ['reopening under an approved parent', facts(A.REOPEN, S.APPROVED, { parentApproved: true, lockedByAncestor: true }), 'REPORT_LOCKED'],
    ['reopening when only the parent is approved', facts(A.REOPEN, S.APPROVED, { parentApproved: true }), 'PARENT_APPROVED'],
  ])('refuses %s', (_what, f, reason) => {
    const d = decide(f);
    expect('refused' in d && d.refused.reason).toBe(reason);
  });

  it('lets an editor return or reopen (only approving is barred)', () => {
    expect(decide(facts(A.RETURN, S.SUBMITTED, { actorIsEditor: true }))).toEqual({ next: S.RETURNED });
  });
});

describe('deadlines', () => {
  it.each([
    ['2026-10', 5, '2026-11-05T16:00:00Z'], // end of 5 November in Beijing
    ['2026-12', 10, '2027-01-10T16:00:00Z'],
    ['2026-02', 15, '2026-03-15T16:00:00Z'],
  ])('%s with %i days is due before %s', (period, days, due) => {
    expect(dueAt(period, days).toISOString()).toBe(new Date(due).toISOString());
  });

  it.each([
    ['2026-11-05T15:59:59Z', false],
    ['2026-11-05T16:00:00Z', true],
    ['2026-11-01T00:00:00Z', false],
  ])('a village report for 2026-10 submitted at %s is late: %s', (at, late) => {
    expect(isLate('2026-10', 5, new Date(at))).toBe(late);
  });
});
