import { ReportStatus as S } from './report.js';
import { WorkflowAction as A, allowedActions, decide, dueAt, Effect as E, effectsOf, isLate, type EffectFacts, type StandingFacts, type TransitionFacts } from './workflow.js';

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
    ['a stale version', facts(A.SAVE, S.DRAFT, { versionMatches: false }), 'VERSION_MISMATCH'],
    ['a stale version before the transition table', facts(A.APPROVE, S.APPROVED, { versionMatches: false }), 'VERSION_MISMATCH'],
    ['no right, before a stale version is told', facts(A.APPROVE, S.SUBMITTED, { permitted: false, versionMatches: false }), 'NOT_ALLOWED'],
  ])('refuses %s', (_what, f, reason) => {
    const d = decide(f);
    expect('refused' in d && d.refused.reason).toBe(reason);
  });

  it.each<[A, S, S]>([
    [A.RETURN, S.SUBMITTED, S.RETURNED],
    [A.REOPEN, S.APPROVED, S.RETURNED],
    [A.EXEMPT, S.DRAFT, S.EXEMPTED],
  ])('lets an editor %s a %s report (only approving is barred)', (action, status, next) => {
    expect(decide(facts(action, status, { actorIsEditor: true }))).toEqual({ next });
  });
});

describe('what each transition causes', () => {
  const at = (extra: Partial<EffectFacts> = {}): EffectFacts => ({ from: S.SUBMITTED, depth: 5, parentStatus: null, ...extra });
  it.each<[string, A, EffectFacts, E[]]>([
    ['a save moves nothing', A.SAVE, at({ from: S.DRAFT }), []],
    ['a submission moves the provisional rollups', A.SUBMIT, at({ from: S.DRAFT }), [E.ROLLUP]],
    ["a village's approval publishes its figures", A.APPROVE, at(), [E.PUBLISH_FIGURES, E.ROLLUP]],
    ["the province's sign-off builds the provincial report", A.APPROVE, at({ depth: 1 }), [E.PUBLISH_FIGURES, E.ROLLUP, E.BUILD_PROVINCIAL_REPORT]],
    ['a return', A.RETURN, at(), [E.ROLLUP]],
    ['an exemption', A.EXEMPT, at({ from: null }), [E.ROLLUP]],
    ['reopening an approved report withdraws its figures', A.REOPEN, at({ from: S.APPROVED }), [E.WITHDRAW_FIGURES, E.ROLLUP]],
    ['reopening an exempted report has no figures to withdraw', A.REOPEN, at({ from: S.EXEMPTED }), [E.ROLLUP]],
    ['reopening under a submitted parent sends the parent back', A.REOPEN, at({ from: S.APPROVED, parentStatus: S.SUBMITTED }), [E.WITHDRAW_FIGURES, E.RETURN_SUBMITTED_PARENT, E.ROLLUP]],
    ['reopening under a draft parent leaves it', A.REOPEN, at({ from: S.APPROVED, parentStatus: S.DRAFT }), [E.WITHDRAW_FIGURES, E.ROLLUP]],
  ])('%s', (_what, action, f, effects) => {
    expect(effectsOf(action, f)).toEqual(effects);
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

describe('the actions the actor may take now (status × rights × circumstances)', () => {
  const clerk = { ENTER: true, APPROVE: false };
  const approver = { ENTER: false, APPROVE: true };
  const both = { ENTER: true, APPROVE: true };
  const none = { ENTER: false, APPROVE: false };
  const standing = (status: S, rights: StandingFacts['rights'], extra: Partial<StandingFacts> = {}): StandingFacts => ({
    status,
    rights,
    actorIsEditor: false,
    lockedByAncestor: false,
    parentApproved: false,
    childrenDone: true,
    ...extra,
  });
  it.each<[string, StandingFacts, A[]]>([
    ['a clerk on a draft', standing(S.DRAFT, clerk), [A.SAVE, A.SUBMIT]],
    ['a clerk on a returned report', standing(S.RETURNED, clerk), [A.SAVE, A.SUBMIT]],
    ['a clerk on a submitted report', standing(S.SUBMITTED, clerk), []],
    ['a clerk on an approved report', standing(S.APPROVED, clerk), []],
    ['an approver on a draft', standing(S.DRAFT, approver), [A.EXEMPT]],
    ['an approver on a submitted report', standing(S.SUBMITTED, approver), [A.APPROVE, A.RETURN]],
    ['an approver on a submitted report they submitted', standing(S.SUBMITTED, both, { actorIsEditor: true }), [A.RETURN]],
    ['an approver on an approved report', standing(S.APPROVED, approver), [A.REOPEN]],
    ['an approver on an exempted report', standing(S.EXEMPTED, approver), [A.REOPEN]],
    ['an approver when the parent is approved', standing(S.APPROVED, approver, { parentApproved: true, lockedByAncestor: true }), []],
    ['an approver on a returned report', standing(S.RETURNED, approver), [A.EXEMPT]],
    ['a clerk-approver on a draft', standing(S.DRAFT, both), [A.SAVE, A.SUBMIT, A.EXEMPT]],
    ['a clerk on a draft whose children are not all done', standing(S.DRAFT, clerk, { childrenDone: false }), [A.SAVE]],
    ['a clerk under an approved ancestor', standing(S.DRAFT, clerk, { lockedByAncestor: true }), []],
    ['a reader only', standing(S.SUBMITTED, none), []],
  ])('%s', (_what, f, actions) => {
    expect(allowedActions(f)).toEqual(actions);
  });
});
