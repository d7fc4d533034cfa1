/**
 * The monthly workflow (domain.md §4) as a transition table and plain
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
  /** The actor holds the right for this action at this unit (scope already checked). */
  permitted: boolean;
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

/** The status the action leads to, or why it is refused. */
export function decide(f: TransitionFacts): { next: ReportStatus } | { refused: Refusal } {
  const from: From = f.status ?? NONE;
  if (!f.permitted) {
    const who = PERMISSION[f.action] === 'ENTER' ? 'a clerk of this unit or above' : 'an approver of an ancestor unit';
    return { refused: { category: 'FORBIDDEN', reason: 'NOT_ALLOWED', message: `a report can be ${VERB[f.action]} only by ${who}` } };
  }
  const next = TRANSITIONS[f.action][from];
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

/**
 * Reports are due a number of days after the month ends (domain.md §4), at
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
