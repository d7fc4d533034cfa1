/**
 * The monthly workflow (docs/domain.md §4) as a transition table and plain
 * functions: which action moves a report from which status to which, who may
 * take it, and what stops it. The service supplies the facts; these decide.
 *
 *   DRAFT --submit--> SUBMITTED --approve--> APPROVED
 *     ^                   |                      |
 *     +------return-------+<-------reopen--------+
 */
import type { ErrorCategory } from '@carenet/core';
import { ReportStatus } from './report.js';

export enum WorkflowAction {
  SAVE = 'SAVE',
  SUBMIT = 'SUBMIT',
  APPROVE = 'APPROVE',
  RETURN = 'RETURN',
  REOPEN = 'REOPEN',
  EXEMPT = 'EXEMPT',
}

/** No report yet for the unit and month. */
export const NONE = 'NONE' as const;
type From = ReportStatus | typeof NONE;

export const TRANSITIONS: Record<WorkflowAction, Partial<Record<From, ReportStatus>>> = {
  [WorkflowAction.SAVE]: { NONE: ReportStatus.DRAFT, DRAFT: ReportStatus.DRAFT, RETURNED: ReportStatus.RETURNED },
  // a unit with no figures of its own (a city, say) submits without saving first
  [WorkflowAction.SUBMIT]: { NONE: ReportStatus.SUBMITTED, DRAFT: ReportStatus.SUBMITTED, RETURNED: ReportStatus.SUBMITTED },
  [WorkflowAction.APPROVE]: { SUBMITTED: ReportStatus.APPROVED },
  [WorkflowAction.RETURN]: { SUBMITTED: ReportStatus.RETURNED },
  [WorkflowAction.REOPEN]: { APPROVED: ReportStatus.RETURNED, EXEMPTED: ReportStatus.DRAFT },
  [WorkflowAction.EXEMPT]: { NONE: ReportStatus.EXEMPTED, DRAFT: ReportStatus.EXEMPTED, RETURNED: ReportStatus.EXEMPTED },
};

/** Whose right an action is: clerks enter and submit; approvers of an ancestor do the rest. */
export const PERMISSION: Record<WorkflowAction, 'ENTER' | 'APPROVE'> = {
  SAVE: 'ENTER',
  SUBMIT: 'ENTER',
  APPROVE: 'APPROVE',
  RETURN: 'APPROVE',
  REOPEN: 'APPROVE',
  EXEMPT: 'APPROVE',
};

export interface TransitionFacts {
  action: WorkflowAction;
  status: ReportStatus | null;
  /** The actor holds the right for this action at this unit (scope already checked): the one check of it. */
  permitted: boolean;
  /** The version the client last read matches the report's; undefined for actions that carry none (reopen, exempt). */
  versionMatches?: boolean;
  /** The actor saved or submitted this report at some point. */
  actorIsEditor: boolean;
  /** An ancestor's report for the month is approved: the subtree is locked. */
  lockedByAncestor: boolean;
  /** The parent's report for the month is approved (reopen is refused then). */
  parentApproved: boolean;
}

export interface Refusal {
  category: ErrorCategory;
  reason: string;
  message: string;
}

const VERB: Record<WorkflowAction, string> = {
  SAVE: 'saved',
  SUBMIT: 'submitted',
  APPROVE: 'approved',
  RETURN: 'returned',
  REOPEN: 'reopened',
  EXEMPT: 'exempted',
};

const NEXT_STEP: Partial<Record<From, string>> = {
  SUBMITTED: 'it is waiting for approval; an approver can return it to you',
  APPROVED: 'it is approved; an approver can reopen it',
  EXEMPTED: 'it is exempted; an approver can reopen it',
  NONE: 'there is no report for this unit and month yet',
  DRAFT: 'it has not been submitted yet',
  RETURNED: 'it was returned and must be submitted again first',
};

/** The status an action leads to from a status, if the table allows it at all. */
export function nextStatus(action: WorkflowAction, status: ReportStatus | null): ReportStatus | undefined {
  return TRANSITIONS[action][status ?? NONE];
}

/**
 * The status the action leads to, or why it is refused, in this order: the
 * right to act, the version the client read, the transition table, the lock
 * of an approved ancestor, self-approval, an approved parent.
 */
export function decide(f: TransitionFacts): { next: ReportStatus } | { refused: Refusal } {
  const from: From = f.status ?? NONE;
  if (!f.permitted) {
    const who = PERMISSION[f.action] === 'ENTER' ? 'a clerk of this unit or above' : 'an approver of an ancestor unit';
    return { refused: { category: 'FORBIDDEN', reason: 'NOT_ALLOWED', message: `a report can be ${VERB[f.action]} only by ${who}` } };
  }
  if (f.versionMatches === false) {
    return { refused: { category: 'CONFLICT', reason: 'VERSION_MISMATCH', message: 'someone changed the report meanwhile; reload it and apply your change again' } };
  }
  const next = nextStatus(f.action, f.status);
  if (!next) {
    return {
      refused: {
        category: 'CONFLICT',
        reason: 'INVALID_TRANSITION',
        message: `a ${from === NONE ? 'missing' : from} report cannot be ${VERB[f.action]}: ${NEXT_STEP[from]}`,
      },
    };
  }
  if (f.lockedByAncestor) {
    return { refused: { category: 'CONFLICT', reason: 'REPORT_LOCKED', message: 'the report of a unit above is approved for this month; this one is locked' } };
  }
  if (f.action === WorkflowAction.APPROVE && f.actorIsEditor) {
    return { refused: { category: 'FORBIDDEN', reason: 'SELF_APPROVAL', message: 'nobody approves a report they saved or submitted themselves' } };
  }
  if (f.action === WorkflowAction.REOPEN && f.parentApproved) {
    return { refused: { category: 'CONFLICT', reason: 'PARENT_APPROVED', message: "the parent unit's report is approved; it must be reopened first" } };
  }
  return { next };
}

/** A unit above village level submits only once every child unit's report is approved or exempted. */
export function submitNeedsChildrenDone(depth: number): boolean {
  return depth < 5;
}

/** The facts of a report as it stands, for what the actor may do with it now. */
export interface StandingFacts {
  status: ReportStatus | null;
  /** The rights the actor holds at this unit (scope already checked). */
  rights: Record<'ENTER' | 'APPROVE', boolean>;
  actorIsEditor: boolean;
  lockedByAncestor: boolean;
  parentApproved: boolean;
  /** Every child unit's report is approved or exempted (true for a village, which has none): a submission needs it. */
  childrenDone: boolean;
}

/**
 * The actions the actor may take on the report now, in the order of the
 * enum: each one decide() allows on these facts with the version the client
 * just read, and a submission only once the children are done. What depends
 * on the request itself (the values saved, the explanations of warnings) is
 * checked when the action is taken.
 */
export function allowedActions(f: StandingFacts): WorkflowAction[] {
  return Object.values(WorkflowAction).filter((action) => {
    if (action === WorkflowAction.SUBMIT && !f.childrenDone) return false;
    const d = decide({
      action,
      status: f.status,
      permitted: f.rights[PERMISSION[action]],
      versionMatches: true,
      actorIsEditor: f.actorIsEditor,
      lockedByAncestor: f.lockedByAncestor,
      parentApproved: f.parentApproved,
    });
    return 'next' in d;
  });
}

/** What a transition causes besides the new status, in the same transaction. */
export enum Effect {
  /** The report's values become the unit's approved figures in the sync feed. */
  PUBLISH_FIGURES = 'PUBLISH_FIGURES',
  /** The unit's approved figures are withdrawn from the sync feed (value null). */
  WITHDRAW_FIGURES = 'WITHDRAW_FIGURES',
  /** A submitted parent goes back to its clerk: its "all children approved" no longer holds. */
  RETURN_SUBMITTED_PARENT = 'RETURN_SUBMITTED_PARENT',
  /** The rollups of the unit and its ancestors are recomputed (outbox → rollup job). */
  ROLLUP = 'ROLLUP',
  /** The province's sign-off builds the provincial report (outbox → flow). */
  BUILD_PROVINCIAL_REPORT = 'BUILD_PROVINCIAL_REPORT',
}

/** The circumstances an effect may depend on. */
export interface EffectFacts {
  /** The status before the transition. */
  from: ReportStatus | null;
  /** Depth of the unit (1 = province). */
  depth: number;
  /** The parent's status for the month, if it has a report. */
  parentStatus: ReportStatus | null;
}

type EffectRule = Effect | [Effect, (f: EffectFacts) => boolean];

/** The effects table, beside the transition table: every status change moves the rollups. */
export const EFFECTS: Record<WorkflowAction, readonly EffectRule[]> = {
  [WorkflowAction.SAVE]: [],
  [WorkflowAction.SUBMIT]: [Effect.ROLLUP],
  [WorkflowAction.APPROVE]: [Effect.PUBLISH_FIGURES, Effect.ROLLUP, [Effect.BUILD_PROVINCIAL_REPORT, (f) => f.depth === 1]],
  [WorkflowAction.RETURN]: [Effect.ROLLUP],
  [WorkflowAction.REOPEN]: [
    [Effect.WITHDRAW_FIGURES, (f) => f.from === ReportStatus.APPROVED],
    [Effect.RETURN_SUBMITTED_PARENT, (f) => f.parentStatus === ReportStatus.SUBMITTED],
    Effect.ROLLUP,
  ],
  [WorkflowAction.EXEMPT]: [Effect.ROLLUP],
};

/** The effects of one transition, in the order they are carried out. */
export function effectsOf(action: WorkflowAction, f: EffectFacts): Effect[] {
  return EFFECTS[action].flatMap((rule) => (typeof rule === 'string' ? [rule] : rule[1](f) ? [rule[0]] : []));
}

/**
 * Reports are due a number of days after the month ends (docs/domain.md §4), at
 * the end of that day in China (UTC+8); one submitted later is flagged late.
 */
export function dueAt(period: string, days: number): Date {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const nextMonthStart = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - 8 * 3600_000;
  return new Date(nextMonthStart + days * 86_400_000);
}

export function isLate(period: string, days: number, at: Date): boolean {
  return at.getTime() >= dueAt(period, days).getTime();
}
