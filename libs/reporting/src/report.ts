import type { IndicatorValue } from '@carenet/indicators';
import type { RuleFinding } from './violation.js';

import { ReportStatus, type Actor } from '@carenet/core';

export { ReportStatus };

export enum ReturnReason {
  WRONG_FIGURES = 'WRONG_FIGURES',
  MISSING_EXPLANATION = 'MISSING_EXPLANATION',
  INCONSISTENT_WITH_REGISTRY = 'INCONSISTENT_WITH_REGISTRY',
  OTHER = 'OTHER',
  /** set when an approved report is reopened, or when reopening a child sends its parent back */
  REOPENED = 'REOPENED',
}

export interface Explanation {
  rule: string;
  indicator: string;
  text: string;
}

/** One unit's own figures for one month, with where it stands in the workflow. */
export interface Report {
  id: number;
  unitId: number;
  unitCode: string;
  unitDepth: number;
  unitPathIds: number[];
  /** YYYY-MM */
  period: string;
  status: ReportStatus;
  version: number;
  values: IndicatorValue[];
  editorIds: number[];
  savedAt: Date | null;
  savedBy: string | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  submittedById: number | null;
  approvedAt: Date | null;
  approvedBy: string | null;
  late: boolean;
  warnings: RuleFinding[];
  explanations: Explanation[];
  returnReason: string | null;
  returnComment: string | null;
  exemptReason: string | null;
  approvedValues: IndicatorValue[] | null;
}

/** The actor saved or submitted this report at some point (so may not approve it). */
export function actorIsEditor(actor: Actor, report: Pick<Report, 'editorIds' | 'submittedById'> | undefined): boolean {
  return !!report && actor.kind === 'user' && (report.editorIds.includes(actor.id as number) || report.submittedById === actor.id);
}

export interface AuditEntry {
  at: Date;
  actor: string;
  action: string;
  reason: string | null;
  version: number;
  fromStatus: string | null;
  toStatus: string;
  before: IndicatorValue[] | null;
  after: IndicatorValue[] | null;
}

export interface ValueChange {
  indicator: string;
  approved: number | null;
  current: number | null;
}

/** Field-level differences between the last approved values and the current ones. */
export function diffValues(approved: IndicatorValue[] | null, current: IndicatorValue[]): ValueChange[] {
  const before = new Map((approved ?? []).map((v) => [v.indicator, v.value]));
  const after = new Map(current.map((v) => [v.indicator, v.value]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort();
  return codes
    .filter((c) => before.get(c) !== after.get(c))
    .map((c) => ({ indicator: c, approved: before.get(c) ?? null, current: after.get(c) ?? null }));
}
